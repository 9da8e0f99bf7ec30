package main

import (
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

const clusterName = "kubesense-test"

type identities struct {
	adminToken      string
	restrictedToken string
	certUser        *keyPair
	components      map[string]*keyPair // client certificates of the control-plane components
}

// writeKubeconfig writes one context per identity with client-go's own writer, so the file
// is exactly what kubectl and client-go produce. Credentials are embedded (no side files),
// which keeps the kubeconfig self-contained when copied.
func writeKubeconfig(path, server string, ca *keyPair, ids identities) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[clusterName] = &clientcmdapi.Cluster{
		Server:                   server,
		CertificateAuthorityData: ca.certPEM,
	}
	cfg.AuthInfos["admin"] = &clientcmdapi.AuthInfo{Token: ids.adminToken}
	cfg.AuthInfos["cert-user"] = &clientcmdapi.AuthInfo{
		ClientCertificateData: ids.certUser.certPEM,
		ClientKeyData:         ids.certUser.keyPEM,
	}
	cfg.AuthInfos["restricted"] = &clientcmdapi.AuthInfo{Token: ids.restrictedToken}
	for _, name := range []string{"admin", "cert-user", "restricted"} {
		ctx := &clientcmdapi.Context{Cluster: clusterName, AuthInfo: name}
		if name == "restricted" {
			ctx.Namespace = restrictedNamespace
		}
		cfg.Contexts[name] = ctx
	}
	cfg.CurrentContext = "admin"
	return clientcmd.WriteToFile(*cfg, path)
}

// writeComponentKubeconfig gives a control-plane component (controller manager, scheduler,
// kwok) its own client certificate, so the API server's audit and logs name who did what.
func writeComponentKubeconfig(path, server string, ca, cert *keyPair) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[clusterName] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: ca.certPEM}
	cfg.AuthInfos["component"] = &clientcmdapi.AuthInfo{ClientCertificateData: cert.certPEM, ClientKeyData: cert.keyPEM}
	cfg.Contexts["component"] = &clientcmdapi.Context{Cluster: clusterName, AuthInfo: "component"}
	cfg.CurrentContext = "component"
	return clientcmd.WriteToFile(*cfg, path)
}
