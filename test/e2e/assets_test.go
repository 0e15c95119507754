package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
func envtestAssets() (string, error) {
	dir := os.Getenv("KUBEBUILDER_ASSETS")
	if dir == "" {
		dir = os.Getenv("ENVTEST_BIN")
	}
	if dir == "" {
		cache := os.Getenv("XDG_CACHE_HOME")
		if cache == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("find the envtest binaries: %w", err)
			}
			cache = filepath.Join(home, ".cache")
		}
		dir = filepath.Join(cache, "meshlint", "envtest", "k8s-"+k8sVersion)
	}
	for _, b := range []string{"kube-apiserver", "etcd"} {
		if _, err := os.Stat(filepath.Join(dir, b)); err != nil {
			return "", fmt.Errorf("%s is missing from %s: run `make envtest-bins` "+
				"(hack/envtest-bins.sh builds kube-apiserver %s and etcd from Go modules, about 6 minutes cold), "+
				"or set KUBEBUILDER_ASSETS to a directory holding both", b, dir, k8sVersion)
		}
	}
	return dir, nil
}

// istioCRDs returns the path of the Istio CRDs in the module cache,
// downloading the module when it is not there yet (go mod download -json
// names the module's directory and touches no go.mod).
func istioCRDs() (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", istioAPIModule+"@"+istioAPIVersion)
	cmd.Dir = repoRoot()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("the Istio CRDs: `go mod download %s@%s` failed (%v): %s",
			istioAPIModule, istioAPIVersion, err, bytes.TrimSpace(append(stderr.Bytes(), out...)))
	}
	var mod struct{ Dir, Error string }
	if err := json.Unmarshal(out, &mod); err != nil {
		return "", fmt.Errorf("the Istio CRDs: read go mod download's answer: %w", err)
	}
	if mod.Error != "" {
		return "", fmt.Errorf("the Istio CRDs: go mod download %s@%s: %s", istioAPIModule, istioAPIVersion, mod.Error)
	}
	path := filepath.Join(mod.Dir, istioCRDFile)
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
