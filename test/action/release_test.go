package action

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

const releaseVersion = "v0.0.0-action"

var releases = struct {
	sync.Mutex
	dirs map[string]string
}{dirs: map[string]string{}}

// release builds the release archive of meshlint VERSION for this machine
// with the release tool `make dist` runs (hack/release, `release dist`:
// only this platform and binary, and into a directory of the test, not
// the repository's dist/ that `make dist` cleans first) and lays it out as
// GitHub serves releases: DIR/VERSION/ARCHIVE and DIR/VERSION/SHA256SUMS.
// It returns DIR, built once per version for the whole test run; a test
// that changes it works on a copy.
func release(t *testing.T, version string) string {
	t.Helper()
	releases.Lock()
	defer releases.Unlock()
	if dir, ok := releases.dirs[version]; ok {
		return dir
	}
	dir, err := os.MkdirTemp("", "meshlint-release-")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", ".", "dist", "-root", root, "-out", filepath.Join(dir, version),
		"-version", version, "-commit", "0ac7105",
		"-platforms", runtime.GOOS+"/"+runtime.GOARCH, "-binaries", "meshlint")
	cmd.Dir = filepath.Join(root, "hack", "release")
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=315532800")
	if out, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		t.Fatalf("release dist: %v\n%s", err, out)
	}
	releases.dirs[version] = dir
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range releases.dirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// archiveName is what `make dist` names the archive of VERSION for this
// machine (hack/release/dist.go).
func archiveName(version string) string {
	ext := "tar.gz"
	if runtime.GOOS == "windows" {
		ext = "zip"
	}
	return "meshlint_" + version[1:] + "_" + runtime.GOOS + "_" + runtime.GOARCH + "." + ext
}
