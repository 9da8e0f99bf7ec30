package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/component-base/cli"
	controllermanager "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

// This one binary is also kube-controller-manager and kube-scheduler: `kube-testcluster
// kube-scheduler --flags...` runs the real command exactly as its own main package does.
// Each runs in its own process because the components keep process-wide state (feature
// gates, logging, metrics registries) that only one of them may own.
var components = map[string]func() int{
	"kube-controller-manager": func() int { return cli.Run(withArgs(controllermanager.NewControllerManagerCommand())) },
	"kube-scheduler":          func() int { return cli.Run(withArgs(scheduler.NewSchedulerCommand())) },
}

// controllerManagerFlags enables every controller that runs by default in a real cluster,
// except the ones that need metrics, node CIDRs or a CSR signer this cluster does not have
// (the cloud controllers are not built in without a cloud provider).
func controllerManagerFlags(p *paths) []string {
	return []string{
		"--kubeconfig=" + p.componentKubeconfig("kube-controller-manager"),
		"--leader-elect=false",
		"--secure-port=0",
		"--controllers=*,-horizontal-pod-autoscaler-controller,-node-ipam-controller," +
			"-certificatesigningrequest-signing-controller,-certificatesigningrequest-approving-controller," +
			"-certificatesigningrequest-cleaner-controller",
		"--cluster-name=" + clusterName,
		"--root-ca-file=" + p.caCert,
		"--service-account-private-key-file=" + p.saKey,
		"--use-service-account-credentials=false",
		// A test cluster should react in seconds, not in the tens of seconds a production
		// cluster waits out network blips.
		"--node-monitor-grace-period=20s",
		"--node-monitor-period=2s",
		"--kube-api-qps=100",
		"--kube-api-burst=200",
		"--concurrent-deployment-syncs=10",
		"--concurrent-replicaset-syncs=10",
		"--v=1",
	}
}

func schedulerFlags(p *paths) []string {
	return []string{
		"--kubeconfig=" + p.componentKubeconfig("kube-scheduler"),
		"--leader-elect=false",
		"--secure-port=0",
		"--kube-api-qps=100",
		"--kube-api-burst=200",
		"--v=1",
	}
}

func withArgs(cmd *cobra.Command) *cobra.Command {
	cmd.SetArgs(os.Args[2:])
	return cmd
}

// child is a component process started by this one.
type child struct {
	name, log string
	cmd       *exec.Cmd
	done      chan struct{}
	err       error
}

// startChild runs a component with its output in <dir>/<name>.log. It dies with this
// process (SIGTERM from the kernel if we are killed), so nothing outlives the cluster.
func startChild(p *paths, name, binary string, args []string) (*child, error) {
	logPath := filepath.Join(p.dir, name+".log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(binary, args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Dir = p.dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	c := &child{name: name, log: logPath, cmd: cmd, done: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		logFile.Close()
		close(c.done)
	}()
	return c, nil
}

// stop asks the component to exit and waits a little for it.
func (c *child) stop() {
	select {
	case <-c.done:
		return
	default:
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.done
	}
}

func (c *child) exited() error {
	select {
	case <-c.done:
		return fmt.Errorf("%s exited during startup (%v); the end of %s:\n%s", c.name, c.err, c.log, logTail(c.log, 30))
	default:
		return nil
	}
}

// startControlPlane runs kube-controller-manager and kube-scheduler from this binary.
func startControlPlane(p *paths) ([]*child, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	var children []*child
	for name, flags := range map[string][]string{
		"kube-controller-manager": controllerManagerFlags(p),
		"kube-scheduler":          schedulerFlags(p),
	} {
		c, err := startChild(p, name, self, append([]string{name}, flags...))
		if err != nil {
			stopAll(children)
			return nil, err
		}
		children = append(children, c)
	}
	return children, nil
}

func stopAll(children []*child) {
	for _, c := range children {
		c.stop()
	}
}

// waitControllersUp waits until the service account controller has created the "default"
// ServiceAccount of namespace default: from then on the controller manager is running, and
// Pods in existing namespaces pass the ServiceAccount admission plugin.
func waitControllersUp(ctx context.Context, client kubernetes.Interface, children []*child) error {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		for _, c := range children {
			if err := c.exited(); err != nil {
				return err
			}
		}
		_, err := client.CoreV1().ServiceAccounts("default").Get(ctx, "default", metav1.GetOptions{})
		if err == nil {
			return nil
		}
		if !apierrors.IsNotFound(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("interrupted during startup")
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("kube-controller-manager created no default ServiceAccount within 2m")
}
