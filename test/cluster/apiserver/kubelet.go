package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/creack/pty"

	"k8s.io/apimachinery/pkg/types"
	remotecommandconsts "k8s.io/apimachinery/pkg/util/remotecommand"
	"k8s.io/client-go/tools/remotecommand"
	kubeletstream "k8s.io/kubelet/pkg/cri/streaming/remotecommand"
	utilexec "k8s.io/utils/exec"
)

// The kubelet API every simulated Node advertises. kwok serves it, with one exception this
// front fixes: kwok v0.8.0 wraps a command's exit error, so `kubectl exec -- sh -c 'exit 3'`
// would exit 1. Exec is therefore served here with the kubelet's own streaming code
// (k8s.io/kubelet/pkg/cri/streaming/remotecommand) and a local process; everything else
// (logs, attach, port-forward, healthz) is proxied to kwok unchanged, upgrades included.
//
// Only the API server reaches it: TLS with the kubelet certificate, and a client
// certificate from the cluster CA is required, as a real kubelet's authentication would.

type kubeletFront struct {
	execDir   string
	execEnv   []string
	kwok      *httputil.ReverseProxy
	kwokURL   *url.URL // the proxy's target: its port is kwok's, set before kwok serves (setKwokPort)
	listener  net.Listener
	server    *http.Server
	frontPort int
}

const (
	// The kubelet's defaults (--streaming-connection-idle-timeout, stream creation).
	streamIdleTimeout     = 4 * time.Hour
	streamCreationTimeout = 30 * time.Second
)

func startKubeletFront(ctx context.Context, p *paths, ca *keyPair, execDir string) (*kubeletFront, error) {
	cert, err := tls.LoadX509KeyPair(p.kubeletCert, p.kubeletKey)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	listener, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{
		Certificates: []tls.Certificate{cert},
		ClientCAs:    pool,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS12,
		NextProtos:   []string{"http/1.1"}, // SPDY and WebSocket upgrades need HTTP/1.1
	})
	if err != nil {
		return nil, err
	}
	target := &url.URL{Scheme: "https", Host: "127.0.0.1"}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2: false,
	}
	proxy.FlushInterval = -1 // stream logs -f as they come
	f := &kubeletFront{
		execDir:   execDir,
		execEnv:   []string{"HOME=" + execDir, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "KUBESENSE_TEST_CLUSTER=1"},
		kwok:      proxy,
		kwokURL:   target,
		listener:  listener,
		frontPort: listener.Addr().(*net.TCPAddr).Port,
	}
	f.server = &http.Server{Handler: f, ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = f.server.Serve(listener) }()
	go func() {
		<-ctx.Done()
		f.server.Close()
	}()
	return f, nil
}

// setKwokPort points the proxy at kwok's server. Called while the cluster starts, before any Node (and so any
// request through the front to kwok) exists.
func (f *kubeletFront) setKwokPort(port int) {
	f.kwokURL.Host = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
}

func (f *kubeletFront) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	// /exec/{namespace}/{pod}/{container} or /exec/{namespace}/{pod}/{uid}/{container}
	if parts := strings.Split(strings.Trim(req.URL.Path, "/"), "/"); parts[0] == "exec" && (len(parts) == 4 || len(parts) == 5) {
		f.serveExec(w, req, parts[1], parts[2], parts[len(parts)-1])
		return
	}
	f.kwok.ServeHTTP(w, req)
}

func (f *kubeletFront) serveExec(w http.ResponseWriter, req *http.Request, namespace, pod, container string) {
	opts, err := kubeletstream.NewOptions(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	cmd := req.URL.Query()["command"]
	if len(cmd) == 0 {
		http.Error(w, "no command", http.StatusBadRequest)
		return
	}
	kubeletstream.ServeExec(w, req, f, pod+"/"+namespace, "", container, cmd, opts,
		streamIdleTimeout, streamCreationTimeout, remotecommandconsts.SupportedStreamingProtocols)
}

// ExecInContainer runs the command as a local process in the cluster's exec directory, and
// reports its exit code the way the kubelet does (an ExitError), so clients see it.
func (f *kubeletFront) ExecInContainer(ctx context.Context, name string, _ types.UID, container string, argv []string,
	in io.Reader, out, errOut io.WriteCloser, tty bool, resize <-chan remotecommand.TerminalSize, _ time.Duration) error {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = f.execDir
	cmd.Env = append(os.Environ()[:0:0], f.execEnv...)
	cmd.Env = append(cmd.Env, "KUBESENSE_POD="+name, "KUBESENSE_CONTAINER="+container)
	// stdin that stays open after the process ends must not hold up the result.
	cmd.WaitDelay = time.Second
	var err error
	if tty {
		err = runWithPTY(cmd, in, out, resize)
	} else {
		if in != nil {
			cmd.Stdin = in
		}
		cmd.Stdout, cmd.Stderr = out, errOut
		err = cmd.Run()
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) && exitErr.Exited() {
		return utilexec.CodeExitError{Err: err, Code: exitErr.ExitCode()}
	}
	if err != nil {
		return fmt.Errorf("running %q: %w", strings.Join(argv, " "), err)
	}
	return nil
}

func runWithPTY(cmd *exec.Cmd, in io.Reader, out io.Writer, resize <-chan remotecommand.TerminalSize) error {
	terminal, err := pty.Start(cmd)
	if err != nil {
		return err
	}
	defer terminal.Close()
	if resize != nil {
		go func() {
			for size := range resize {
				_ = pty.Setsize(terminal, &pty.Winsize{Rows: size.Height, Cols: size.Width})
			}
		}()
	}
	if in != nil {
		go func() { _, _ = io.Copy(terminal, in) }()
	}
	// Reading ends with EIO once the process has exited and the terminal is closed.
	_, _ = io.Copy(out, terminal)
	return cmd.Wait()
}
