package main

import (
	"context"
	"fmt"
	"net"
	"strings"

	"github.com/spf13/pflag"

	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/client-go/rest"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"k8s.io/kubernetes/cmd/kube-apiserver/app/options"
)

// apiserverFlags are the command-line flags a real kube-apiserver would be started with.
// Passing them through the server's own flag set (rather than poking option structs)
// keeps this exactly as the released binary interprets them.
func apiserverFlags(p *paths, etcdURL string) []string {
	return []string{
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		// The "kubernetes" Service's Endpoints may not point at loopback; with no pods that
		// could use them, skip the reconciler instead of logging its failure every 10s.
		"--endpoint-reconciler-type=none",
		"--etcd-servers=" + etcdURL,
		"--tls-cert-file=" + p.serverCert,
		"--tls-private-key-file=" + p.serverKey,
		"--client-ca-file=" + p.caCert,
		"--token-auth-file=" + p.tokens,
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + p.saKey,
		"--service-account-signing-key-file=" + p.saKey,
		"--service-cluster-ip-range=10.96.0.0/16",
		"--allow-privileged=true",
		"--profiling=false",
		// pods/log, exec, attach and portforward go to kwok's kubelet API on 127.0.0.1 (every
		// simulated Node's InternalIP), verified against the cluster CA.
		"--kubelet-preferred-address-types=InternalIP",
		"--kubelet-certificate-authority=" + p.caCert,
		"--kubelet-client-certificate=" + p.kubeletClientCert,
		"--kubelet-client-key=" + p.kubeletClientKey,
		"--v=1",
	}
}

// runAPIServer starts kube-apiserver through its own option parsing and app.Run, the same
// path its cobra command takes, on a listener we already hold (ephemeral port).
// It returns when ctx is cancelled and the server has shut down, or on a startup error.
func runAPIServer(ctx context.Context, flags []string, listener net.Listener) error {
	s := options.NewServerRunOptions()
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	for _, f := range s.Flags().FlagSets {
		fs.AddFlagSet(f)
	}
	if err := fs.Parse(flags); err != nil {
		return fmt.Errorf("kube-apiserver flags %s: %w", strings.Join(flags, " "), err)
	}
	if err := s.GenericServerRunOptions.ComponentGlobalsRegistry.Set(); err != nil {
		return err
	}
	// As the real command does: loopback clients should not log self-issued warnings.
	rest.SetDefaultWarningHandler(rest.NoWarnings{})

	s.SecureServing.Listener = listener
	s.SecureServing.BindPort = listener.Addr().(*net.TCPAddr).Port

	completed, err := s.Complete(ctx)
	if err != nil {
		return err
	}
	if errs := completed.Validate(); len(errs) != 0 {
		return utilerrors.NewAggregate(errs)
	}
	return app.Run(ctx, completed)
}
