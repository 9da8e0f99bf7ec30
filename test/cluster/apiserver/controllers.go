package main

import (
	"context"
	"time"

	v1 "k8s.io/api/core/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
	"k8s.io/klog/v2"
	namespacecontroller "k8s.io/kubernetes/pkg/controller/namespace"
	serviceaccountcontroller "k8s.io/kubernetes/pkg/controller/serviceaccount"
)

// runControllers runs the two kube-controller-manager controllers whose absence would make
// the cluster behave unlike a real one in ways clients notice: without the namespace
// controller a deleted namespace stays Terminating forever, and without the service
// account controller no namespace has its "default" ServiceAccount. They are the real
// controllers from k8s.io/kubernetes, fed by one shared informer factory.
func runControllers(ctx context.Context, cfg *rest.Config) error {
	cfg = rest.CopyConfig(cfg)
	// Namespace deletion lists and deletes every resource type; the controller manager
	// gives it the same generous limits.
	cfg.QPS, cfg.Burst = 100, 1000
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	metadataClient, err := metadata.NewForConfig(cfg)
	if err != nil {
		return err
	}
	factory := informers.NewSharedInformerFactory(client, 0)

	nsController := namespacecontroller.NewNamespaceController(
		ctx, client, metadataClient,
		client.Discovery().ServerPreferredNamespacedResources,
		factory.Core().V1().Namespaces(),
		5*time.Minute,
		v1.FinalizerKubernetes,
	)
	saController, err := serviceaccountcontroller.NewServiceAccountsController(
		klog.FromContext(ctx),
		factory.Core().V1().ServiceAccounts(),
		factory.Core().V1().Namespaces(),
		client,
		serviceaccountcontroller.DefaultServiceAccountsControllerOptions(),
	)
	if err != nil {
		return err
	}
	factory.Start(ctx.Done())
	go nsController.Run(ctx, 2)
	go saController.Run(ctx, 1)
	return nil
}
