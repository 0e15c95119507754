package clustertest

import (
	"path/filepath"
	"testing"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// DeadServer is a server nothing answers for: a port nothing listens on.
const DeadServer = "https://127.0.0.1:1"

// Context is a kubeconfig context: Config's server, CA and client
// certificate, under Name.
type Context struct {
	Name   string
	Config *rest.Config
}

// Dead is cfg pointing at DeadServer.
func Dead(cfg *rest.Config) *rest.Config {
	c := rest.CopyConfig(cfg)
	c.Host = DeadServer
	return c
}

// WriteKubeconfig writes a kubeconfig holding contexts, the first of them
// current, and returns its path. Each context has a cluster and a user of
// its name.
func WriteKubeconfig(t testing.TB, contexts ...Context) string {
	t.Helper()
	kc := clientcmdapi.NewConfig()
	for _, c := range contexts {
		kc.Clusters[c.Name] = &clientcmdapi.Cluster{Server: c.Config.Host, CertificateAuthorityData: c.Config.CAData}
		kc.AuthInfos[c.Name] = &clientcmdapi.AuthInfo{ClientCertificateData: c.Config.CertData, ClientKeyData: c.Config.KeyData}
		kc.Contexts[c.Name] = &clientcmdapi.Context{Cluster: c.Name, AuthInfo: c.Name}
	}
	if len(contexts) > 0 {
		kc.CurrentContext = contexts[0].Name
	}
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*kc, path); err != nil {
		t.Fatal(err)
	}
	return path
}
