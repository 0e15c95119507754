package main

import (
	"archive/zip"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

const testVersion = "v9.8.7-test"

// One dist run for linux/amd64 (the full matrix is make dist's): its
// archives, SHA256SUMS and SBOMs are checked by the tests below.
func TestDistForLinuxAMD64(t *testing.T) {
	out := t.TempDir()
	err := run([]string{"dist", "-out", out, "-version", testVersion, "-commit", "c0ffee1",
		"-platforms", "linux/amd64"}, testLog{t})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("each archive holds the binary, LICENSE, NOTICE and README.md", func(t *testing.T) {
		for _, name := range []string{"meshlint", "webhook"} {
			got := untarGz(t, filepath.Join(out, name+"_9.8.7-test_linux_amd64.tar.gz"), t.TempDir())
			if want := []string{name, "LICENSE", "NOTICE", "README.md"}; !slices.Equal(got, want) {
				t.Errorf("%s archive: %v, want %v", name, got, want)
			}
		}
	})
	t.Run("the meshlint binary from the archive prints the stamped version", func(t *testing.T) {
		checkArchivedVersion(t, out)
	})
	t.Run("sha256sum -c verifies SHA256SUMS, and fails on a changed file", func(t *testing.T) {
		checkSums(t, out)
	})
	t.Run("each SBOM is CycloneDX 1.5 naming the main module, its dependencies and Go", func(t *testing.T) {
		checkSBOM(t, filepath.Join(out, "meshlint_9.8.7-test_linux_amd64.cdx.json"), "github.com/urfave/cli/v2")
		checkSBOM(t, filepath.Join(out, "webhook_9.8.7-test_linux_amd64.cdx.json"), "sigs.k8s.io/controller-runtime")
	})
}

func checkArchivedVersion(t *testing.T, out string) {
	dir := t.TempDir()
	untarGz(t, filepath.Join(out, "meshlint_9.8.7-test_linux_amd64.tar.gz"), dir)
	got, err := exec.Command(filepath.Join(dir, "meshlint"), "version").CombinedOutput()
	if err != nil {
		t.Fatalf("meshlint version: %v\n%s", err, got)
	}
	if !strings.HasPrefix(string(got), "meshlint "+testVersion+" (commit c0ffee1, ") {
		t.Errorf("meshlint version printed %q", got)
	}
}

func checkSums(t *testing.T, out string) {
	sums, err := os.ReadFile(filepath.Join(out, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(sums), "\n"); n != 4 {
		t.Errorf("SHA256SUMS has %d lines, want 4 (2 archives, 2 SBOMs):\n%s", n, sums)
	}
	check := exec.Command("sha256sum", "-c", "SHA256SUMS")
	check.Dir = out
	if got, err := check.CombinedOutput(); err != nil || strings.Count(string(got), ": OK") != 4 {
		t.Fatalf("sha256sum -c: %v\n%s", err, got)
	}
	sbom := filepath.Join(out, "webhook_9.8.7-test_linux_amd64.cdx.json")
	orig, err := os.ReadFile(sbom)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sbom, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	defer os.WriteFile(sbom, orig, 0o644)
	check = exec.Command("sha256sum", "-c", "SHA256SUMS")
	check.Dir = out
	if got, err := check.CombinedOutput(); err == nil || !strings.Contains(string(got), "webhook_9.8.7-test_linux_amd64.cdx.json: FAILED") {
		t.Errorf("sha256sum -c passed a changed file: %v\n%s", err, got)
	}
}

func checkSBOM(t *testing.T, path, dep string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var b bom
	if err := json.Unmarshal(data, &b); err != nil {
		t.Fatalf("%s: not JSON: %v", path, err)
	}
	main := b.Metadata.Component
	if b.BOMFormat != "CycloneDX" || b.SpecVersion != "1.5" || !strings.HasPrefix(b.SerialNumber, "urn:uuid:") {
		t.Errorf("%s: format %q %q, serial %q", path, b.BOMFormat, b.SpecVersion, b.SerialNumber)
	}
	if main.Name != "github.com/meshlint/meshlint" || main.PURL != "pkg:golang/github.com/meshlint/meshlint@"+testVersion {
		t.Errorf("%s: main component %+v", path, main)
	}
	var names []string
	for _, c := range b.Components {
		names = append(names, c.Name)
		if c.Name == "std" && c.Version != runtime.Version() {
			t.Errorf("%s: Go %s, want %s", path, c.Version, runtime.Version())
		}
		if c.PURL != "pkg:golang/"+c.Name+"@"+strings.ReplaceAll(c.Version, "+", "%2B") || !strings.HasPrefix(c.Version, "v") && c.Name != "std" {
			t.Errorf("%s: component %+v", path, c)
		}
	}
	if !slices.Contains(names, dep) || !slices.Contains(names, "std") {
		t.Errorf("%s: components %v lack %s or std", path, names, dep)
	}
	if len(b.Dependencies) != 1 || len(b.Dependencies[0].DependsOn) != len(b.Components) {
		t.Errorf("%s: dependencies %+v", path, b.Dependencies)
	}
}

// Windows archives are zips with the same members, the binary named .exe.
func TestWindowsArchivesAreZips(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "meshlint.exe")
	if err := os.WriteFile(bin, []byte("MZ"), 0o755); err != nil {
		t.Fatal(err)
	}
	o := options{root: "../..", epoch: time.Unix(315532800, 0).UTC()}
	path, err := pack(o, filepath.Join(dir, "meshlint_1.0.0_windows_arm64"), bin, platform{"windows", "arm64"})
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if want := []string{"meshlint.exe", "LICENSE", "NOTICE", "README.md"}; !slices.Equal(names, want) {
		t.Errorf("zip holds %v, want %v", names, want)
	}
}
