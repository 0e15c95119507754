package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/meshlint/meshlint/internal/envtestbin"
)

// The real parts the suite runs against. hack/envtest-bins.sh builds
// kube-apiserver and etcd of these versions; the Istio CRDs are those of
// istio.io/api at this version, read from the module cache.
const (
	k8sVersion      = "1.37.2"
	istioAPIModule  = "istio.io/api"
	istioAPIVersion = "v1.32.0"
	istioCRDFile    = "kubernetes/customresourcedefinitions.gen.yaml"
)

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
// It fails, saying what to run, when a binary is missing: it never skips.
func envtestAssets() (string, error) { return envtestbin.Assets() }

// istioCRDs returns the path of the Istio CRDs in the module cache,
// downloading the module when it is not there yet (go mod download -json
// names the module's directory and touches no go.mod).
func istioCRDs() (string, error) {
	dir, err := envtestbin.ModuleDir(repoRoot(), istioAPIModule+"@"+istioAPIVersion)
	if err != nil {
		return "", fmt.Errorf("the Istio CRDs: %w", err)
	}
	path := filepath.Join(dir, istioCRDFile)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("the Istio CRDs: %w (run `go mod download %s@%s`)", err, istioAPIModule, istioAPIVersion)
	}
	return path, nil
}

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
