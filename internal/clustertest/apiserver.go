// Package clustertest is for tests against a real API server, and for
// tests only: it starts kube-apiserver and etcd with the Istio CRDs,
// creates the objects of manifest files in them, writes kubeconfigs for
// them and waits for what happens there. No command or library imports it.
//
// The real parts: kube-apiserver and etcd built by hack/envtest-bins.sh
// (KUBEBUILDER_ASSETS; make test sets it) and the Istio CRDs of
// istio.io/api from the module cache, as the webhook and e2e tests take
// them. A missing part fails the test, saying what to run; it skips only
// in -short mode (make test-unit).
package clustertest

import (
	"sync"
	"testing"
	"time"

	"github.com/go-logr/logr"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
	ctrllog "sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/meshlint/meshlint/internal/envtestbin"
)

// Flag is a kube-apiserver flag, for Start.
type Flag struct{ Name, Value string }

var quietEnvtest sync.Once

// Start starts kube-apiserver, with flags, and etcd, installs the Istio
// CRDs and the Gateway API CRDs of the experimental channel (a superset
// of the standard one, which the e2e suite installs), and stops both when
// the test ends. The Environment adds users.
func Start(t testing.TB, flags ...Flag) (*envtest.Environment, *rest.Config) {
	t.Helper()
	quietEnvtest.Do(func() { ctrllog.SetLogger(logr.Discard()) }) // envtest logs through controller-runtime
	assets := envtestbin.Require(t)
	// go mod download, run in the test's package directory, finds the
	// module cache of this module and touches no go.mod.
	crds, err := envtestbin.CRDPaths(".", envtestbin.Experimental)
	if err != nil {
		t.Fatal(err)
	}
	env := &envtest.Environment{BinaryAssetsDirectory: assets, CRDDirectoryPaths: crds,
		ErrorIfCRDPathMissing: true, ControlPlaneStartTimeout: 2 * time.Minute}
	args := env.ControlPlane.GetAPIServer().Configure()
	for _, f := range flags {
		args.Set(f.Name, f.Value)
	}
	cfg, err := env.Start()
	if err != nil {
		t.Fatalf("start kube-apiserver and etcd from %s: %v", assets, err)
	}
	t.Cleanup(func() {
		if err := env.Stop(); err != nil {
			t.Errorf("stop the API server: %v", err)
		}
	})
	return env, cfg
}

// Eventually polls cond for up to 30 s, failing the test with cond's last
// error.
func Eventually(t testing.TB, what string, cond func() error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := cond()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
