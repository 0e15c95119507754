package main

import (
	"archive/tar"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
)

// The meshlint image for linux/amd64, read back from its OCI layout,
// unpacked and run the way a runtime would: chrooted into its root, as
// its user, with its environment, entrypoint and working directory.
func TestTheImageRunsAsNonrootFromItsLayout(t *testing.T) {
	out := t.TempDir()
	err := run([]string{"image", "-out", out, "-version", testVersion, "-commit", "c0ffee1",
		"-platforms", "linux/amd64", "-binaries", "meshlint"}, testLog{t})
	if err != nil {
		t.Fatal(err)
	}
	img := imageFromLayout(t, filepath.Join(out, "oci", "meshlint"))
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cf.Config
	if c.User != "65532:65532" || !slices.Equal(c.Entrypoint, []string{"/usr/local/bin/meshlint"}) || len(c.Cmd) != 0 ||
		c.WorkingDir != "/work" || c.Labels["org.opencontainers.image.version"] != testVersion ||
		c.Labels["org.opencontainers.image.revision"] != "c0ffee1" || c.Labels["org.opencontainers.image.licenses"] != "Apache-2.0" {
		t.Fatalf("config: %+v", c)
	}
	root := unpack(t, img)
	for _, sh := range []string{"bin/sh", "bin", "lib"} {
		if _, err := os.Lstat(filepath.Join(root, sh)); err == nil {
			t.Errorf("the image has /%s: it should hold the static binary alone", sh)
		}
	}
	if fi, err := os.Stat(filepath.Join(root, "tmp")); err != nil || fi.Mode()&(fs.ModeSticky|fs.ModePerm) != fs.ModeSticky|0o777 {
		t.Errorf("/tmp: %v %v, want drwxrwxrwt", fi.Mode(), err)
	}
	copyInto(t, "../../testdata/rules/ML201/field-report-host.yaml", filepath.Join(root, "work", "app.yaml"))
	before := snapshot(t, root)
	t.Run("version", func(t *testing.T) {
		got, code := runInImage(t, root, c, "version")
		if code != 0 || !strings.HasPrefix(got, "meshlint "+testVersion+" (commit c0ffee1") {
			t.Errorf("version: exit %d\n%s", code, got)
		}
	})
	t.Run("lint a manifest in the working directory", func(t *testing.T) {
		got, code := runInImage(t, root, c, "lint", "app.yaml")
		if code != 1 || !strings.Contains(got, "ML201") || !strings.Contains(got, "web-nginx-config") {
			t.Errorf("lint: exit %d, want 1 with ML201 on web-nginx-config\n%s", code, got)
		}
	})
	after := snapshot(t, root)
	for path, state := range after {
		if before[path] != state {
			t.Errorf("the run changed /%s outside /tmp: a read-only root would refuse it", path)
		}
	}
}

// imageFromLayout follows index.json -> the tagged index -> linux/amd64.
func imageFromLayout(t *testing.T, dir string) v1.Image {
	t.Helper()
	top, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	m, err := top.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Manifests) != 1 || m.Manifests[0].Annotations[refName] != "9.8.7-test" {
		t.Fatalf("index.json: %+v", m.Manifests)
	}
	idx, err := top.ImageIndex(m.Manifests[0].Digest)
	if err != nil {
		t.Fatal(err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Manifests) != 1 || im.Manifests[0].Platform == nil || im.Manifests[0].Platform.String() != "linux/amd64" {
		t.Fatalf("image index: %+v", im.Manifests)
	}
	img, err := idx.Image(im.Manifests[0].Digest)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// unpack extracts the image's filesystem with its modes and owners into a
// directory that 65532 may enter.
func unpack(t *testing.T, img v1.Image) string {
	t.Helper()
	root, err := os.MkdirTemp("", "meshlint-image-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	rc := mutate.Extract(img)
	defer rc.Close()
	tr := tar.NewReader(rc)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return root
		}
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(root, hdr.Name)
		if hdr.Typeflag == tar.TypeDir {
			err = os.Mkdir(path, 0o700)
		} else {
			writeFile(t, path, tr, 0o600)
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(path, hdr.Uid, hdr.Gid); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, hdr.FileInfo().Mode()&(fs.ModePerm|fs.ModeSticky)); err != nil {
			t.Fatal(err)
		}
	}
}

// runInImage runs the entrypoint with args chrooted into root, as the
// config's user, with only the config's environment, in its WorkingDir.
func runInImage(t *testing.T, root string, c v1.Config, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(c.Entrypoint[0], append(c.Entrypoint[1:], args...)...)
	cmd.Env, cmd.Dir = c.Env, c.WorkingDir
	cmd.SysProcAttr = &syscall.SysProcAttr{Chroot: root,
		Credential: &syscall.Credential{Uid: nonroot, Gid: nonroot, Groups: []uint32{}}}
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); ok {
		return string(out), exit.ExitCode()
	}
	if err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return string(out), 0
}

// snapshot maps every path outside /tmp to its mode, size and time.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if rel == "tmp" {
			return fs.SkipDir
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		out[rel] = fmt.Sprint(fi.Mode(), fi.ModTime(), fi.Size())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func copyInto(t *testing.T, src, dst string) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	writeFile(t, dst, f, 0o644)
}
