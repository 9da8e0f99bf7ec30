package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"sigs.k8s.io/yaml"
)

// Simulated kubelets: kwok (sigs.k8s.io/kwok, its own binary, built by build.sh beside this
// one) keeps the Nodes annotated kwok.x-k8s.io/node=fake Ready with renewed Leases, moves
// their Pods through the stages in test/cluster/kwok/stages.yaml, and serves the kubelet API
// the API server proxies pods/log, exec, attach and portforward to. Wired as kwokctl's
// binary runtime does, except that the kubelet connection is verified: kwok serves a
// certificate from the cluster CA for 127.0.0.1, and every Node's InternalIP is 127.0.0.1.

const kwokNodeSelector = "kwok.x-k8s.io/node=fake"

// kwokSetup is what kwok is started with and what the API server needs to reach it.
type kwokSetup struct {
	binary, stages string
	port           int  // the kubelet API every Node advertises (kubeletFront, in front of kwok)
	internalPort   int  // kwok's own server, reached only through the front
	takeFirstPort  bool // hold the first port picked for kwok (the cluster's own test of startKwok)
}

// kwokStartAttempts bounds startKwok's retries: each lost race costs one kwok start (about a second).
const kwokStartAttempts = 5

// startKwok starts kwok with its server on a free port. kwok binds the port itself, so the port is picked here,
// released, and bound by kwok a moment later: on a loaded machine another process can take it in between. kwok
// then exits ("address already in use") and is started again on a fresh port. A process that took the port and
// listens on it is told apart by its certificate: kwok serves one from the cluster CA.
func startKwok(ctx context.Context, p *paths, k *kwokSetup, front *kubeletFront, ca *keyPair) (*child, error) {
	for attempt := 1; ; attempt++ {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		var taken net.Listener
		if k.takeFirstPort && attempt == 1 {
			if taken, err = net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port))); err != nil {
				return nil, err
			}
		}
		k.internalPort = port
		front.setKwokPort(port)
		logStart := logSize(p, "kwok")
		c, err := startChild(p, "kwok", k.binary, kwokFlags(p, k))
		if err != nil {
			return nil, err
		}
		err = waitKwokServing(ctx, c, port, ca)
		if taken != nil {
			taken.Close()
		}
		if err == nil {
			return c, nil
		}
		c.stop()
		if attempt == kwokStartAttempts || !logSince(p, "kwok", logStart, "address already in use") {
			return nil, err
		}
		log.Printf("kwok could not bind port %d (taken by another process); starting it again on another port", port)
	}
}

// logSize is how long a component's log is now (0 when there is none yet).
func logSize(p *paths, name string) int64 {
	if st, err := os.Stat(filepath.Join(p.dir, name+".log")); err == nil {
		return st.Size()
	}
	return 0
}

// logSince reports whether the component's log, from offset on, contains text.
func logSince(p *paths, name string, offset int64, text string) bool {
	b, err := os.ReadFile(filepath.Join(p.dir, name+".log"))
	return err == nil && int64(len(b)) >= offset && strings.Contains(string(b[offset:]), text)
}

// kwokConfigDocs are the kwok rules that route the kubelet API of every Pod to something
// real on this machine: log files the workload simulator keeps appending to, and its TCP
// servers for port-forward. (Exec is served by kubeletFront.)
func kwokConfigDocs(p *paths, w *workloads) []any {
	meta := func(name string) map[string]any { return map[string]any{"name": name} }
	doc := func(kind, name string, spec map[string]any) map[string]any {
		return map[string]any{"apiVersion": "kwok.x-k8s.io/v1alpha1", "kind": kind, "metadata": meta(name), "spec": spec}
	}
	docs := []any{map[string]any{
		"apiVersion": "config.kwok.x-k8s.io/v1alpha1",
		"kind":       "KwokConfiguration",
		"metadata":   meta("kwok"),
		"options": map[string]any{
			// Tests that need a Pod in an exact state write its status themselves.
			"disregardStatusWithAnnotationSelector": "kwok.x-k8s.io/status=custom",
			"cidr":                                  "10.244.0.0/16",
			// A configuration document is not defaulted: these are kwok's own defaults.
			"enableDebuggingHandlers":         true,
			"enableProfilingHandler":          false,
			"enableContentionProfiling":       false,
			"podPlayStageParallelism":         4,
			"nodePlayStageParallelism":        4,
			"nodeLeaseParallelism":            4,
			"podsOnNodeSyncParallelism":       1,
			"enablePodsOnNodeSyncListPager":   true,
			"enablePodsOnNodeSyncStreamWatch": false,
		},
	}}
	// More specific rules first: kwok uses the first ClusterLogs whose selector matches.
	for _, s := range w.streams {
		sel := map[string]any{}
		if len(s.namespaces) > 0 {
			sel["matchNamespaces"] = s.namespaces
		}
		logs := []any{map[string]any{"logsFile": s.path, "previousLogsFile": s.previousPath, "follow": true}}
		docs = append(docs,
			doc("ClusterLogs", "logs-"+s.name, map[string]any{"selector": sel, "logs": logs}),
			doc("ClusterAttach", "attach-"+s.name, map[string]any{"selector": sel, "attaches": []any{map[string]any{"logsFile": s.path}}}),
		)
	}
	docs = append(docs,
		doc("ClusterPortForward", "forward-local", map[string]any{"forwards": []any{
			// Web ports answer HTTP; port 9 is closed (port-forward's "connection refused" path); every
			// other port is an echo server.
			map[string]any{"ports": []int{80, 8080, 8000, 3000}, "target": map[string]any{"address": "127.0.0.1", "port": w.httpPort}},
			map[string]any{"ports": []int{9}, "target": map[string]any{"address": "127.0.0.1", "port": w.closedPort}},
			map[string]any{"target": map[string]any{"address": "127.0.0.1", "port": w.echoPort}},
		}}),
	)
	return docs
}

// writeKwokConfig writes kwok's --config: the generated rules, then the stages file as is.
func writeKwokConfig(p *paths, k *kwokSetup, w *workloads) error {
	var out []byte
	for _, d := range kwokConfigDocs(p, w) {
		b, err := yaml.Marshal(d)
		if err != nil {
			return err
		}
		out = append(out, "---\n"...)
		out = append(out, b...)
	}
	stages, err := os.ReadFile(k.stages)
	if err != nil {
		return fmt.Errorf("kwok stages: %w", err)
	}
	out = append(out, "---\n"...)
	out = append(out, stages...)
	return writePrivate(p.kwokConfig, out)
}

func kwokFlags(p *paths, k *kwokSetup) []string {
	port := strconv.Itoa(k.port)
	return []string{
		"--kubeconfig=" + p.componentKubeconfig("kwok"),
		"--config=" + p.kwokConfig,
		"--manage-all-nodes=false",
		"--manage-nodes-with-annotation-selector=" + kwokNodeSelector,
		"--tls-cert-file=" + p.kubeletCert,
		"--tls-private-key-file=" + p.kubeletKey,
		"--node-ip=127.0.0.1",
		"--node-port=" + port,
		"--server-address=127.0.0.1:" + strconv.Itoa(k.internalPort),
		"--node-lease-duration-seconds=40",
		"--v=INFO",
	}
}

// findKwok returns kwok beside this binary (where build.sh puts it) unless told otherwise.
func findKwok(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(filepath.Dir(self), "kwok")
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("kwok not found beside %s (build.sh installs it there): %w", self, err)
	}
	return bin, nil
}

// freePort asks the kernel for a free port on 127.0.0.1 for a process that binds it itself.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitKwokServing waits until kwok's kubelet API completes a TLS handshake with the cluster CA's certificate for
// 127.0.0.1: kwok, not another process that took the port.
func waitKwokServing(ctx context.Context, c *child, port int, ca *keyPair) error {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	config := &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if err := c.exited(); err != nil {
			return err
		}
		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: time.Second, Deadline: time.Now().Add(2 * time.Second)}, "tcp", addr, config)
		if err == nil {
			conn.Close()
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("interrupted during startup")
		case <-time.After(50 * time.Millisecond):
		}
	}
	return fmt.Errorf("%s is not listening on %s after 1m", c.name, addr)
}
