package chart

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/meshlint/meshlint/internal/parts"
)

var (
	helmOnce sync.Once
	helmPath string
	helmErr  error
)

// helmBinary is the real helm CLI at the version go.mod requires, built
// with go install into the user's cache (~/.cache/meshlint/helm/VERSION)
// the first time. Built so, it has Helm's default capabilities of a
// source build: Kubernetes v1.20.0, as `go install helm.sh/helm/v3/cmd/helm`
// gives everyone (pkg/chartutil/capabilities.go k8sVersionMajor/Minor,
// which Helm's own release builds set by -ldflags).
func helmBinary(t *testing.T) string {
	t.Helper()
	parts.Skip(t, "helm")
	helmOnce.Do(func() { helmPath, helmErr = buildHelm() })
	if helmErr != nil {
		t.Fatalf("helm: %v", helmErr)
	}
	return helmPath
}

func buildHelm() (string, error) {
	version, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", "helm.sh/helm/v3").Output()
	if err != nil {
		return "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cache, "meshlint", "helm", strings.TrimSpace(string(version)))
	bin := filepath.Join(dir, "helm")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	cmd := exec.Command("go", "install", "helm.sh/helm/v3/cmd/helm@"+strings.TrimSpace(string(version)))
	cmd.Dir = os.TempDir() // outside this module: helm's own go.mod decides
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", &buildError{err, out}
	}
	return bin, nil
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string {
	return "go install helm: " + e.err.Error() + "\n" + string(e.out)
}

// helmTemplate runs `helm template meshlint CHART -n meshlint-system ARGS`.
func helmTemplate(t *testing.T, args ...string) (string, error) {
	t.Helper()
	all := append([]string{"template", releaseName, chartDir(t), "--namespace", releaseNS}, args...)
	out, err := exec.Command(helmBinary(t), all...).CombinedOutput()
	return string(out), err
}
