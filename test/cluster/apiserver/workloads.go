package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// What the simulated containers "do": the programs and files behind the kubelet API that
// kwok serves. Everything stays on 127.0.0.1 and in the cluster's data directory.

// logStream is one container log (CRI format, as the kubelet's log files are) shared by the
// Pods of some namespaces; empty namespaces = every other Pod.
type logStream struct {
	name, path, previousPath string
	namespaces               []string
	line                     func(now time.Time, r *rand.Rand) string
}

type workloads struct {
	streams            []*logStream
	execDir            string
	echoPort, httpPort int
	// A port nothing listens on (bound once to pick it, then closed).
	closedPort int
	listeners  []net.Listener
	wg         sync.WaitGroup
}

func newLogStreams(dir string) []*logStream {
	paths := []string{"/", "/cart", "/checkout", "/api/products", "/api/products/42", "/healthz", "/static/app.js"}
	codes := []int{200, 200, 200, 200, 200, 304, 404, 500}
	agents := []string{"Mozilla/5.0 (X11; Linux x86_64)", "kube-probe/1.35", "curl/8.5.0"}
	web := func(now time.Time, r *rand.Rand) string {
		return fmt.Sprintf(`10.244.%d.%d - - [%s] "GET %s HTTP/1.1" %d %d "-" "%s"`,
			r.IntN(3), 2+r.IntN(250), now.Format("02/Jan/2006:15:04:05 -0700"),
			paths[r.IntN(len(paths))], codes[r.IntN(len(codes))], 200+r.IntN(8000), agents[r.IntN(len(agents))])
	}
	db := func(now time.Time, r *rand.Rand) string {
		msgs := []string{
			"LOG:  checkpoint starting: time",
			fmt.Sprintf("LOG:  checkpoint complete: wrote %d buffers (%.1f%%)", r.IntN(900), r.Float64()*5),
			fmt.Sprintf("LOG:  duration: %.3f ms  statement: SELECT * FROM orders WHERE id = %d", r.Float64()*40, r.IntN(10000)),
			"LOG:  automatic vacuum of table \"shop.public.orders\": index scans: 1",
		}
		return fmt.Sprintf("%s UTC [%d] %s", now.UTC().Format("2006-01-02 15:04:05.000"), 60+r.IntN(40), msgs[r.IntN(len(msgs))])
	}
	batch := func(now time.Time, r *rand.Rand) string {
		return fmt.Sprintf("%s INFO processed batch %d: %d records in %dms", now.UTC().Format(time.RFC3339), r.IntN(500), r.IntN(5000), r.IntN(900))
	}
	levels := []string{"info", "info", "info", "debug", "warn", "error"}
	app := func(now time.Time, r *rand.Rand) string {
		return fmt.Sprintf(`{"level":%q,"ts":%q,"msg":"handled request","path":%q,"status":%d,"duration_ms":%d}`,
			levels[r.IntN(len(levels))], now.UTC().Format(time.RFC3339Nano), paths[r.IntN(len(paths))], codes[r.IntN(len(codes))], r.IntN(300))
	}
	mk := func(name string, line func(time.Time, *rand.Rand) string, namespaces ...string) *logStream {
		return &logStream{
			name: name, line: line, namespaces: namespaces,
			path:         filepath.Join(dir, name+".log"),
			previousPath: filepath.Join(dir, name+".previous.log"),
		}
	}
	return []*logStream{
		mk("web", web, "shop", "default"),
		mk("db", db, "data"),
		mk("batch", batch, "batch"),
		mk("app", app), // every other namespace
	}
}

// criLine is one line of a CRI container log file, the format the kubelet reads logs from.
func criLine(t time.Time, stream, msg string) string {
	return fmt.Sprintf("%s %s F %s\n", t.UTC().Format(time.RFC3339Nano), stream, msg)
}

// startWorkloads writes ten minutes of log history, keeps appending a line about every
// second to each log until ctx ends, and starts the servers port-forwards reach.
func startWorkloads(ctx context.Context, dir string) (*workloads, error) {
	w := &workloads{execDir: filepath.Join(dir, "exec")}
	logDir := filepath.Join(dir, "pod-logs")
	for _, d := range []string{logDir, w.execDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	w.streams = newLogStreams(logDir)
	now := time.Now()
	for i, s := range w.streams {
		r := rand.New(rand.NewPCG(uint64(i), 1))
		var history, previous strings.Builder
		for t := now.Add(-10 * time.Minute); t.Before(now); t = t.Add(time.Duration(2000+r.IntN(4000)) * time.Millisecond) {
			history.WriteString(criLine(t, "stdout", s.line(t, r)))
		}
		for t := now.Add(-12 * time.Minute); t.Before(now.Add(-10 * time.Minute)); t = t.Add(20 * time.Second) {
			previous.WriteString(criLine(t, "stdout", s.line(t, r)))
		}
		previous.WriteString(criLine(now.Add(-10*time.Minute), "stderr", "panic: runtime error: invalid memory address or nil pointer dereference"))
		if err := writePrivate(s.path, []byte(history.String())); err != nil {
			return nil, err
		}
		if err := writePrivate(s.previousPath, []byte(previous.String())); err != nil {
			return nil, err
		}
	}
	for i, s := range w.streams {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			s.append(ctx, rand.New(rand.NewPCG(uint64(i), 2)))
		}()
	}

	var err error
	if w.echoPort, err = w.serve(ctx, echo); err != nil {
		return nil, err
	}
	if w.httpPort, err = w.serveHTTP(ctx); err != nil {
		return nil, err
	}
	if w.closedPort, err = refusingPort(); err != nil {
		return nil, err
	}
	return w, nil
}

func (s *logStream) append(ctx context.Context, r *rand.Rand) {
	f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Duration(600+r.IntN(800)) * time.Millisecond):
		}
		now := time.Now()
		if _, err := f.WriteString(criLine(now, "stdout", s.line(now, r))); err != nil {
			return
		}
	}
}

// refusingPort reserves a loopback port that refuses connections, for forwards that must be refused: a socket bound
// to it that never listens, kept open while the cluster runs. A port picked and closed could be taken by another
// process on a busy machine (and then answer); a bound port is never handed out to anyone else.
func refusingPort() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return 0, err
	}
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		syscall.Close(fd)
		return 0, err
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		syscall.Close(fd)
		return 0, err
	}
	return sa.(*syscall.SockaddrInet4).Port, nil
}

// echo sends back every byte it receives: port-forward to it checks both directions.
func echo(conn net.Conn) {
	defer conn.Close()
	_, _ = io.Copy(conn, conn)
}

func (w *workloads) serve(ctx context.Context, handle func(net.Conn)) (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	w.listeners = append(w.listeners, l)
	go func() {
		<-ctx.Done()
		l.Close()
	}()
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go handle(conn)
		}
	}()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (w *workloads) serveHTTP(ctx context.Context) (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	srv := &http.Server{
		ReadHeaderTimeout: 10 * time.Second,
		Handler: http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
			rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprintf(rw, "kubesense test cluster: %s %s reached a simulated container's web port\n", req.Method, req.URL.Path)
		}),
	}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	go func() { _ = srv.Serve(l) }()
	return l.Addr().(*net.TCPAddr).Port, nil
}
