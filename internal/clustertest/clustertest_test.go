package clustertest

import (
	"errors"
	"slices"
	"testing"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// The kubeconfig's contexts reach the servers given, with the credentials
// given, and the first is current: what clientcmd makes of it.
func TestWriteKubeconfig(t *testing.T) {
	cfg := &rest.Config{Host: "https://127.0.0.1:6443", TLSClientConfig: rest.TLSClientConfig{
		CAData: []byte("ca"), CertData: []byte("cert"), KeyData: []byte("key")}}
	path := WriteKubeconfig(t, Context{Name: "gone", Config: Dead(cfg)}, Context{Name: "envtest", Config: cfg})
	kc, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if kc.CurrentContext != "gone" {
		t.Errorf("current context %q, want gone", kc.CurrentContext)
	}
	for name, host := range map[string]string{"gone": DeadServer, "envtest": cfg.Host} {
		got, err := clientcmd.NewNonInteractiveClientConfig(*kc, name, nil, nil).ClientConfig()
		if err != nil {
			t.Fatalf("context %s: %v", name, err)
		}
		if got.Host != host || string(got.CAData) != "ca" || string(got.CertData) != "cert" || string(got.KeyData) != "key" {
			t.Errorf("context %s: host %s, CA %q, certificate %q, key %q", name, got.Host, got.CAData, got.CertData, got.KeyData)
		}
	}
	if cfg.Host != "https://127.0.0.1:6443" {
		t.Errorf("Dead changed its argument: %s", cfg.Host)
	}
}

func TestEventuallyRetriesUntilNoError(t *testing.T) {
	var tries []int
	Eventually(t, "the third try", func() error {
		if tries = append(tries, len(tries)); len(tries) < 3 {
			return errors.New("not yet")
		}
		return nil
	})
	if !slices.Equal(tries, []int{0, 1, 2}) {
		t.Errorf("tries %v", tries)
	}
}
