// Package envtestbin finds what the tests against a real API server need:
// the kube-apiserver and etcd that hack/envtest-bins.sh builds, and the
// CRDs shipped in Go modules. Missing parts are errors that say what to
// run: those tests fail; only in -short mode (make test-unit) does
// Require skip them.
package envtestbin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// K8sVersion is the Kubernetes version hack/envtest-bins.sh builds.
const K8sVersion = "1.37.2"

// Assets returns the directory holding kube-apiserver and etcd:
// KUBEBUILDER_ASSETS (make test sets it), else ENVTEST_BIN, else
// hack/envtest-bins.sh's default cache.
func Assets() (string, error) {
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
		dir = filepath.Join(cache, "meshlint", "envtest", "k8s-"+K8sVersion)
	}
	for _, b := range []string{"kube-apiserver", "etcd"} {
		if _, err := os.Stat(filepath.Join(dir, b)); err != nil {
			return "", fmt.Errorf("%s is missing from %s: run `make envtest-bins` "+
				"(hack/envtest-bins.sh builds kube-apiserver %s and etcd from Go modules), "+
				"or set KUBEBUILDER_ASSETS to a directory holding both", b, dir, K8sVersion)
		}
	}
	return dir, nil
}

// ModuleDir is module@version's directory in the module cache, downloaded
// if needed; `go mod download -json`, run in dir, touches no go.mod.
func ModuleDir(dir, moduleAtVersion string) (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", moduleAtVersion)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var mod struct{ Dir, Error string }
	if err == nil {
		err = json.Unmarshal(out, &mod)
	}
	if err == nil && mod.Error != "" {
		err = fmt.Errorf("%s", mod.Error)
	}
	if err == nil && mod.Dir == "" {
		err = fmt.Errorf("no directory reported")
	}
	if err != nil {
		return "", fmt.Errorf("go mod download %s: %v: %s", moduleAtVersion, err, bytes.TrimSpace(stderr.Bytes()))
	}
	return mod.Dir, nil
}

// The CRDs the tests install, from the modules of go.mod.
const (
	istioAPI      = "istio.io/api@v1.32.0"
	istioCRDFile  = "kubernetes/customresourcedefinitions.gen.yaml"
	gatewayAPI    = "sigs.k8s.io/gateway-api@v1.6.0"
	gatewayCRDDir = "config/crd"
)

// Gateway API release channels (config/crd/standard, config/crd/experimental).
const (
	Standard     = "standard"
	Experimental = "experimental"
)

// CRDPaths are the Istio CRDs and the Gateway API CRDs of channel
// (Standard or Experimental; "" for none), found from dir.
func CRDPaths(dir, channel string) ([]string, error) {
	istio, err := moduleFile(dir, istioAPI, istioCRDFile)
	if err != nil || channel == "" {
		return []string{istio}, err
	}
	gw, err := moduleFile(dir, gatewayAPI, filepath.Join(gatewayCRDDir, channel))
	return []string{istio, gw}, err
}

func moduleFile(dir, module, rel string) (string, error) {
	root, err := ModuleDir(dir, module)
	if err != nil {
		return "", err
	}
	path := filepath.Join(root, rel)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("CRDs of %s: %w (run `go mod download %s`)", module, err, module)
	}
	return path, nil
}
