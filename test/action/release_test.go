package action

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

const releaseVersion = "v0.0.0-action"

// release builds the release archive of meshlint for this machine with
// the release tool `make dist` runs (hack/release, `release dist`; only
// this platform and binary, and into a directory of the test rather than
// the repository's dist/ that `make dist` cleans) and lays it out as
// GitHub serves releases: DIR/VERSION/ARCHIVE and DIR/VERSION/SHA256SUMS.
// It returns DIR.
func release(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, releaseVersion)
	cmd := exec.Command("go", "run", ".", "dist", "-root", root, "-out", out,
		"-version", releaseVersion, "-commit", "0ac7105",
		"-platforms", runtime.GOOS+"/"+runtime.GOARCH, "-binaries", "meshlint")
	cmd.Dir = filepath.Join(root, "hack", "release")
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=315532800")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("release dist: %v\n%s", err, out)
	}
	return dir
}

// archiveName is what `make dist` names the archive for this machine.
func archiveName() string {
	ext := "tar.gz"
	if runtime.GOOS == "windows" {
		ext = "zip"
	}
	return "meshlint_" + releaseVersion[1:] + "_" + runtime.GOOS + "_" + runtime.GOARCH + "." + ext
}
