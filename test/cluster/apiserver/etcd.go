package main

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"

	pb "go.etcd.io/etcd/api/v3/etcdserverpb"
	"go.etcd.io/etcd/server/v3/embed"
)

// raiseRevisionFloor writes a few revisions to a scratch key and compacts them away.
func raiseRevisionFloor(ctx context.Context, e *embed.Etcd) error {
	const key = "/kubesense-testcluster/revision-floor"
	for i := 0; i < 10; i++ {
		if _, err := e.Server.Put(ctx, &pb.PutRequest{Key: []byte(key), Value: []byte(strconv.Itoa(i))}); err != nil {
			return fmt.Errorf("writing to etcd: %w", err)
		}
	}
	if _, err := e.Server.DeleteRange(ctx, &pb.DeleteRangeRequest{Key: []byte(key)}); err != nil {
		return fmt.Errorf("writing to etcd: %w", err)
	}
	rev := e.Server.KV().Rev()
	if _, err := e.Server.Compact(ctx, &pb.CompactionRequest{Revision: rev, Physical: true}); err != nil {
		return fmt.Errorf("compacting etcd at revision %d: %w", rev, err)
	}
	return nil
}

// startEtcd runs a single-member etcd inside this process, listening on loopback only.
// etcd cannot report the port it bound for ":0" before the member is configured, so we
// pick free ports and retry if another process grabs one in between.
func startEtcd(dataDir, logFile string) (*embed.Etcd, string, error) {
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		ports, err := freePorts(2)
		if err != nil {
			return nil, "", err
		}
		clientURL := url.URL{Scheme: "http", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[0]))}
		peerURL := url.URL{Scheme: "http", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[1]))}

		cfg := embed.NewConfig()
		cfg.Name = "kubesense-test"
		cfg.Dir = dataDir
		cfg.ListenClientUrls = []url.URL{clientURL}
		cfg.AdvertiseClientUrls = []url.URL{clientURL}
		cfg.ListenPeerUrls = []url.URL{peerURL}
		cfg.AdvertisePeerUrls = []url.URL{peerURL}
		cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
		// The data dies with the process; fsync would only cost time on a shared disk.
		cfg.UnsafeNoFsync = true
		cfg.LogLevel = "warn"
		cfg.LogOutputs = []string{logFile}
		// No metrics listener, no pprof: nothing but the client port.
		cfg.Metrics = "basic"

		e, err := embed.StartEtcd(cfg)
		if err != nil {
			lastErr = err
			continue
		}
		select {
		case <-e.Server.ReadyNotify():
			return e, clientURL.String(), nil
		case err := <-e.Err():
			e.Close()
			lastErr = err
		case <-time.After(60 * time.Second):
			e.Close()
			return nil, "", fmt.Errorf("etcd did not become ready within 60s")
		}
	}
	return nil, "", fmt.Errorf("starting etcd: %w", lastErr)
}

func freePorts(n int) ([]int, error) {
	var listeners []net.Listener
	defer func() {
		for _, l := range listeners {
			l.Close()
		}
	}()
	ports := make([]int, 0, n)
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("finding a free port: %w", err)
		}
		listeners = append(listeners, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
