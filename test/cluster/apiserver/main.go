// kube-testcluster runs a real kube-apiserver (k8s.io/kubernetes) on an embedded etcd, with
// the real kube-controller-manager and kube-scheduler (this same binary, as child processes)
// and kwok's simulated kubelets, on 127.0.0.1 with ephemeral ports, for kubesense's tests,
// benchmarks and demo.
//
// On success it prints exactly one JSON line on stdout:
//
//	{"kubeconfig":"/tmp/.../kubeconfig","server":"https://127.0.0.1:PORT",...}
//
// and runs until SIGTERM/SIGINT, then shuts down and deletes its data. All logs go to a
// file in its data directory; if startup fails, the error and the log tail go to stderr.
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/klog/v2"
)

type paths struct {
	dir, etcdDir, log                            string
	caCert, serverCert, serverKey, saKey, tokens string
	proxyCert, proxyKey                          string
	kubeletCert, kubeletKey                      string // kwok's kubelet API serving certificate
	kubeletClientCert, kubeletClientKey          string // the API server's client certificate for it
	kwokConfig                                   string
	kubeconfig                                   string
}

func (p *paths) componentKubeconfig(name string) string {
	return filepath.Join(p.dir, name+".kubeconfig")
}

func newPaths(dir string) *paths {
	return &paths{
		dir:               dir,
		etcdDir:           filepath.Join(dir, "etcd"),
		log:               filepath.Join(dir, "cluster.log"),
		caCert:            filepath.Join(dir, "ca.crt"),
		serverCert:        filepath.Join(dir, "apiserver.crt"),
		serverKey:         filepath.Join(dir, "apiserver.key"),
		saKey:             filepath.Join(dir, "service-account.key"),
		tokens:            filepath.Join(dir, "tokens.csv"),
		proxyCert:         filepath.Join(dir, "proxy.crt"),
		proxyKey:          filepath.Join(dir, "proxy.key"),
		kubeletCert:       filepath.Join(dir, "kubelet.crt"),
		kubeletKey:        filepath.Join(dir, "kubelet.key"),
		kubeletClientCert: filepath.Join(dir, "kubelet-client.crt"),
		kubeletClientKey:  filepath.Join(dir, "kubelet-client.key"),
		kwokConfig:        filepath.Join(dir, "kwok.yaml"),
		kubeconfig:        filepath.Join(dir, "kubeconfig"),
	}
}

type readyLine struct {
	Kubeconfig string `json:"kubeconfig"`
	Server     string `json:"server"`
	CAFile     string `json:"caFile"`
	Dir        string `json:"dir"`
	LogFile    string `json:"logFile"`
	// A serving certificate from the cluster CA for 127.0.0.1, for test proxies placed in
	// front of the server, so clients verify them with the same CA.
	ProxyCertFile string `json:"proxyCertFile"`
	ProxyKeyFile  string `json:"proxyKeyFile"`
	// kwok's kubelet API (every simulated Node's daemon endpoint) and the servers behind
	// port-forward: an echo server for any port, HTTP for ports 80, 8080, 8000 and 3000.
	KubeletPort int   `json:"kubeletPort,omitempty"`
	EchoPort    int   `json:"echoPort,omitempty"`
	HTTPPort    int   `json:"httpPort,omitempty"`
	ClosedPort  int   `json:"closedPort,omitempty"` // what port-forward's port 9 reaches: a port that refuses
	PID         int   `json:"pid"`
	ReadyMs     int64 `json:"readyMs"`
}

func main() {
	if len(os.Args) > 1 {
		if run, ok := components[os.Args[1]]; ok {
			os.Exit(run())
		}
	}
	keep := flag.Bool("keep", false, "keep the data directory on exit (for debugging)")
	kubeconfigOut := flag.String("kubeconfig-out", "", "also write the kubeconfig to this path (removed on exit)")
	verbose := flag.Bool("verbose", false, "copy server logs to stderr")
	exitWithParent := flag.Bool("exit-with-parent", false, "shut down when the parent process dies")
	var extraFlags stringList
	kwokBinary := flag.String("kwok", "", "the kwok binary (default: kwok beside this binary)")
	kwokStages := flag.String("kwok-stages", "", "kwok Stage manifests (test/cluster/kwok/stages.yaml); without it no simulated kubelet runs")
	takeKwokPort := flag.Bool("take-first-kwok-port", false, "for the cluster's own test: hold the first port picked for kwok, as another process on a busy machine may")
	flag.Var(&extraFlags, "apiserver-arg", "an extra kube-apiserver flag, e.g. --apiserver-arg=--feature-gates=X=true (repeatable)")
	flag.Parse()

	// A test fixture idles most of its life: trade a little GC CPU for ~15% less memory.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}

	started := time.Now()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if *exitWithParent {
		ctx = watchParent(ctx)
	}

	dir, err := os.MkdirTemp("", "kubesense-cluster-")
	if err != nil {
		fatal(err, "")
	}
	p := newPaths(dir)
	cleanup := func() {
		if *kubeconfigOut != "" {
			os.Remove(*kubeconfigOut)
		}
		if !*keep {
			os.RemoveAll(dir)
		}
	}

	logFile, err := os.OpenFile(p.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		cleanup()
		fatal(err, "")
	}
	var logOut io.Writer = logFile
	if *verbose {
		logOut = io.MultiWriter(logFile, os.Stderr)
	}
	// Keep stdout for the ready line only.
	klogFlags := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(klogFlags)
	_ = klogFlags.Set("logtostderr", "false")
	_ = klogFlags.Set("stderrthreshold", "FATAL")
	klog.SetOutput(logOut)
	log.SetOutput(logOut)

	opts := startOptions{kubeconfigOut: *kubeconfigOut, extraFlags: extraFlags, started: started, kwokStages: *kwokStages, takeKwokPort: *takeKwokPort}
	if *kwokStages != "" {
		if opts.kwokBinary, err = findKwok(*kwokBinary); err != nil {
			cleanup()
			fatal(err, "")
		}
	}
	line, done, err := start(ctx, p, opts)
	if err != nil {
		tail := logTail(p.log, 60)
		cleanup()
		fatal(err, tail)
	}
	out, _ := json.Marshal(line)
	fmt.Println(string(out))

	<-ctx.Done()
	fmt.Fprintln(os.Stderr, "kube-testcluster: shutting down")
	// A second signal means "now": skip the graceful shutdown but still delete the data.
	again := make(chan os.Signal, 1)
	signal.Notify(again, syscall.SIGTERM, syscall.SIGINT)
	select {
	case <-done:
	case <-again:
		fmt.Fprintln(os.Stderr, "kube-testcluster: second signal; exiting without waiting")
	case <-time.After(30 * time.Second):
		fmt.Fprintln(os.Stderr, "kube-testcluster: shutdown took over 30s; exiting anyway")
	}
	cleanup()
}

type startOptions struct {
	kubeconfigOut          string
	extraFlags             []string
	started                time.Time
	kwokBinary, kwokStages string
	takeKwokPort           bool
}

// start brings up etcd, the API server, the controller manager, the scheduler and kwok,
// waits until they serve and creates the test identities. done closes once everything has
// stopped after ctx is cancelled.
func start(ctx context.Context, p *paths, o startOptions) (*readyLine, <-chan struct{}, error) {
	ids, ca, err := writeCredentials(p)
	if err != nil {
		return nil, nil, err
	}

	etcd, etcdURL, err := startEtcd(p.etcdDir, p.log)
	if err != nil {
		return nil, nil, err
	}

	// Start the API server on compacted history, so resourceVersion "1" (and any continue
	// token made from it) is older than every watch cache and than etcd's history: clients
	// and the fault proxy get the server's real 410 Gone for it, as on a long-running cluster.
	if err := raiseRevisionFloor(ctx, etcd); err != nil {
		etcd.Close()
		return nil, nil, err
	}

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		etcd.Close()
		return nil, nil, err
	}
	server := "https://" + listener.Addr().String()
	var kwok *kwokSetup
	if o.kwokStages != "" {
		kwok = &kwokSetup{binary: o.kwokBinary, stages: o.kwokStages, takeFirstPort: o.takeKwokPort}
	}

	apiErr := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		err := runAPIServer(ctx, append(apiserverFlags(p, etcdURL), o.extraFlags...), listener)
		apiErr <- err
		etcd.Close()
		close(done)
	}()

	adminCfg := &rest.Config{
		Host:            server,
		BearerToken:     ids.adminToken,
		TLSClientConfig: rest.TLSClientConfig{CAData: ca.certPEM},
		UserAgent:       "kube-testcluster",
	}
	if err := waitReady(ctx, adminCfg, apiErr); err != nil {
		return nil, nil, err
	}
	client, err := kubernetes.NewForConfig(adminCfg)
	if err != nil {
		return nil, nil, err
	}
	if err := bootstrapIdentities(ctx, client); err != nil {
		return nil, nil, err
	}
	for name, cert := range ids.components {
		if err := writeComponentKubeconfig(p.componentKubeconfig(name), server, ca, cert); err != nil {
			return nil, nil, err
		}
	}
	children, err := startControlPlane(p)
	if err != nil {
		return nil, nil, err
	}
	// The components stop first, so that none of them logs the API server going away.
	stopped := make(chan struct{})
	go func() {
		<-ctx.Done()
		stopAll(children)
		close(stopped)
	}()
	var work *workloads
	if kwok != nil {
		if work, err = startWorkloads(ctx, p.dir); err != nil {
			return nil, nil, err
		}
		front, err := startKubeletFront(ctx, p, ca, work.execDir)
		if err != nil {
			return nil, nil, err
		}
		kwok.port = front.frontPort
		if err := writeKwokConfig(p, kwok, work); err != nil {
			return nil, nil, err
		}
		c, err := startKwok(ctx, p, kwok, front, ca)
		if err != nil {
			return nil, nil, err
		}
		children = append(children, c)
	}
	if err := waitControllersUp(ctx, client, children); err != nil {
		return nil, nil, err
	}

	if err := writeKubeconfig(p.kubeconfig, server, ca, ids); err != nil {
		return nil, nil, err
	}
	if o.kubeconfigOut != "" {
		if err := writeKubeconfig(o.kubeconfigOut, server, ca, ids); err != nil {
			return nil, nil, err
		}
	}
	allDone := make(chan struct{})
	go func() {
		<-done
		<-stopped
		close(allDone)
	}()
	line := &readyLine{
		Kubeconfig:    p.kubeconfig,
		Server:        server,
		CAFile:        p.caCert,
		Dir:           p.dir,
		LogFile:       p.log,
		ProxyCertFile: p.proxyCert,
		ProxyKeyFile:  p.proxyKey,
		PID:           os.Getpid(),
		ReadyMs:       time.Since(o.started).Milliseconds(),
	}
	if kwok != nil {
		line.KubeletPort, line.EchoPort, line.HTTPPort, line.ClosedPort = kwok.port, work.echoPort, work.httpPort, work.closedPort
	}
	return line, allDone, nil
}

func writeCredentials(p *paths) (identities, *keyPair, error) {
	var ids identities
	ca, err := newCA("kubesense-test-ca")
	if err != nil {
		return ids, nil, err
	}
	serving, err := newServerCert(ca, "kube-apiserver",
		[]string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"},
		[]net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1"), net.ParseIP("10.96.0.1")})
	if err != nil {
		return ids, nil, err
	}
	proxy, err := newServerCert(ca, "kubesense-test-proxy", []string{"localhost"},
		[]net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")})
	if err != nil {
		return ids, nil, err
	}
	// The cert user is an administrator too, so every API path can be reached with a
	// client certificate as well as with a token.
	ids.certUser, err = newClientCert(ca, "kubesense-cert-user", []string{"system:masters"})
	if err != nil {
		return ids, nil, err
	}
	_, saKeyPEM, err := newECKey()
	if err != nil {
		return ids, nil, err
	}
	// Control-plane components are administrators, as with kwokctl; each has its own name.
	ids.components = map[string]*keyPair{}
	for _, name := range []string{"kube-controller-manager", "kube-scheduler", "kwok"} {
		if ids.components[name], err = newClientCert(ca, "system:"+name, []string{"system:masters"}); err != nil {
			return ids, nil, err
		}
	}
	// kwok serves the kubelet API with a certificate the API server verifies (every Node's
	// address is 127.0.0.1) and the API server authenticates to it as a kubelet client.
	kubelet, err := newServerCert(ca, "kwok-kubelet", []string{"localhost"}, []net.IP{net.ParseIP("127.0.0.1")})
	if err != nil {
		return ids, nil, err
	}
	kubeletClient, err := newClientCert(ca, "kube-apiserver-kubelet-client", []string{"system:masters"})
	if err != nil {
		return ids, nil, err
	}
	ids.adminToken, ids.restrictedToken = randomToken(), randomToken()
	// token,user,uid,"group1,group2" — the static token file format.
	tokens := fmt.Sprintf("%s,kubesense-admin,kubesense-admin,\"system:masters\"\n%s,%s,%s\n",
		ids.adminToken, ids.restrictedToken, restrictedUser, restrictedUser)

	for path, data := range map[string][]byte{
		p.caCert:            ca.certPEM,
		p.serverCert:        serving.certPEM,
		p.serverKey:         serving.keyPEM,
		p.saKey:             saKeyPEM,
		p.tokens:            []byte(tokens),
		p.proxyCert:         proxy.certPEM,
		p.proxyKey:          proxy.keyPEM,
		p.kubeletCert:       kubelet.certPEM,
		p.kubeletKey:        kubelet.keyPEM,
		p.kubeletClientCert: kubeletClient.certPEM,
		p.kubeletClientKey:  kubeletClient.keyPEM,
	} {
		if err := writePrivate(path, data); err != nil {
			return ids, nil, err
		}
	}
	return ids, ca, nil
}

// waitReady polls /readyz the way an operator would, failing fast if the server exits.
func waitReady(ctx context.Context, cfg *rest.Config, apiErr <-chan error) error {
	transport, err := rest.TransportFor(cfg)
	if err != nil {
		return err
	}
	httpClient := &http.Client{Transport: transport, Timeout: 5 * time.Second}
	deadline := time.Now().Add(3 * time.Minute)
	lastStatus := "no response"
	for time.Now().Before(deadline) {
		select {
		case err := <-apiErr:
			if err == nil {
				err = errors.New("exited without an error")
			}
			return fmt.Errorf("kube-apiserver stopped during startup: %w", err)
		case <-ctx.Done():
			return fmt.Errorf("interrupted during startup")
		case <-time.After(200 * time.Millisecond):
		}
		resp, err := httpClient.Get(cfg.Host + "/readyz")
		if err != nil {
			lastStatus = err.Error()
			continue
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return nil
		}
		lastStatus = fmt.Sprintf("HTTP %d: %s", resp.StatusCode, strings.TrimSpace(string(body)))
	}
	return fmt.Errorf("/readyz not ready after 3m; last answer: %s", lastStatus)
}

// watchParent cancels the context when the process that started us is gone, so a test run
// killed with SIGKILL does not leave an API server running.
func watchParent(ctx context.Context) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	parent := os.Getppid()
	go func() {
		ticker := time.NewTicker(time.Second)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
				if os.Getppid() != parent {
					cancel()
					return
				}
			}
		}
	}()
	return ctx
}

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, " ") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func randomToken() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func logTail(path string, lines int) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	var ring []string
	scanner := bufio.NewScanner(f)
	scanner.Buffer(make([]byte, 64*1024), 1024*1024)
	for scanner.Scan() {
		ring = append(ring, scanner.Text())
		if len(ring) > lines {
			ring = ring[1:]
		}
	}
	return strings.Join(ring, "\n")
}

func fatal(err error, tail string) {
	fmt.Fprintf(os.Stderr, "kube-testcluster: failed to start: %v\n", err)
	if tail != "" {
		fmt.Fprintf(os.Stderr, "--- last lines of the server log ---\n%s\n--- end of log ---\n", tail)
	}
	os.Exit(1)
}
