package e2e

import (
	"fmt"
	"os/exec"
	"path/filepath"

	"github.com/meshlint/meshlint/internal/envtestbin"
)

// The real parts the suite runs against: the kube-apiserver and etcd
// hack/envtest-bins.sh builds, and the CRDs of istio.io/api and
// sigs.k8s.io/gateway-api (internal/envtestbin).

// repoRoot is the module root, two levels up from this package.
func repoRoot() string {
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		panic(err)
	}
	return dir
}

// envtestAssets returns the directory holding kube-apiserver and etcd:
// KUBEBUILDER_ASSETS (make e2e and make test set it from
// hack/envtest-bins.sh), else ENVTEST_BIN, else the script's default cache.
// It fails, saying what to run, when a binary is missing (TestMain skips
// the suite in -short mode only: parts.SkipMain).
func envtestAssets() (string, error) { return envtestbin.Assets() }

// crdPaths are the Istio CRDs and the Gateway API CRDs of the standard
// channel in the module cache, downloaded when they are not there yet (go
// mod download -json names the module's directory and touches no go.mod).
func crdPaths() ([]string, error) { return envtestbin.CRDPaths(repoRoot(), envtestbin.Standard) }

// buildWebhook builds cmd/webhook into dir, as users build it.
func buildWebhook(dir string) (string, error) {
	bin := filepath.Join(dir, "webhook")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/webhook")
	cmd.Dir = repoRoot()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/webhook: %v\n%s", err, out)
	}
	return bin, nil
}
