package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Registry is where the images are meant to be pushed; the chart's
// image.repository default names the webhook's.
const Registry = "ghcr.io/meshlint"

// refName is the OCI annotation naming a tag in a layout's index.json.
const refName = "org.opencontainers.image.ref.name"

// images writes, for each binary, OUT/oci/NAME: an OCI image layout whose
// index.json holds one multi-arch image index (one image per platform),
// tagged VERSION without its v (ghcr.io/meshlint/NAME:VERSION once pushed,
// e.g. skopeo copy oci:dist/oci/webhook:0.1.0 docker://ghcr.io/meshlint/webhook:0.1.0).
func images(o options) error {
	for _, name := range o.binaries {
		idx, err := imageIndex(o, name)
		if err != nil {
			return err
		}
		dir := filepath.Join(o.out, "oci", name)
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		p, err := layout.Write(dir, empty.Index)
		if err != nil {
			return err
		}
		tag := map[string]string{refName: fileVersion(o.version)}
		if err := p.AppendIndex(idx, layout.WithAnnotations(tag)); err != nil {
			return fmt.Errorf("write %s: %w", dir, err)
		}
		fmt.Fprintf(o.log, "image %s/%s:%s in %s\n", Registry, name, fileVersion(o.version), dir)
	}
	return nil
}

func imageIndex(o options, name string) (v1.ImageIndex, error) {
	idx := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	var adds []mutate.IndexAddendum
	for _, p := range o.platforms {
		if p.OS != "linux" {
			return nil, fmt.Errorf("image for %s: images are linux only", p)
		}
		bin, err := build(o, name, p)
		if err != nil {
			return nil, err
		}
		img, err := image(o, name, bin, p)
		if err != nil {
			return nil, fmt.Errorf("image %s for %s: %w", name, p, err)
		}
		adds = append(adds, mutate.IndexAddendum{Add: img,
			Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: p.OS, Architecture: p.Arch}}})
	}
	idx = mutate.AppendManifests(idx, adds...)
	return mutate.Annotations(idx, labels(o)).(v1.ImageIndex), nil
}

// image is the empty base plus one layer (rootfs) and a config that runs
// the binary as nonroot with nothing else: no shell, no libc.
func image(o options, name, bin string, p platform) (v1.Image, error) {
	nodes, err := rootfs(o, name, bin)
	if err != nil {
		return nil, err
	}
	data, err := tarLayer(nodes, o)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, err
	}
	base := mutate.ConfigMediaType(mutate.MediaType(empty.Image, types.OCIManifestSchema1), types.OCIConfigJSON)
	img, err := mutate.Append(base, mutate.Addendum{Layer: layer, MediaType: types.OCILayer,
		History: v1.History{Created: v1.Time{Time: o.epoch}, CreatedBy: "hack/release: " + name + " " + o.version}})
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture, cf.Created = p.OS, p.Arch, v1.Time{Time: o.epoch}
	cf.Config = config(o, name)
	return mutate.ConfigFile(img, cf)
}

// config runs the binary directly (no shell form) as 65532:65532. Neither
// binary needs CA certificates: the webhook dials only the API server,
// with the service account's CA; meshlint dials nothing unless
// --allow-remote kustomize bases are fetched, which this image leaves
// out (mount a CA bundle and set SSL_CERT_FILE for that).
func config(o options, name string) v1.Config {
	return v1.Config{
		Entrypoint: []string{"/usr/local/bin/" + name},
		User:       fmt.Sprintf("%d:%d", nonroot, nonroot),
		Env:        []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/home/nonroot"},
		WorkingDir: workDir(name),
		Labels:     labels(o),
	}
}

// workDir is where the image starts: meshlint lints what is mounted at
// /work; the webhook reads nothing relative.
func workDir(name string) string {
	if name == "meshlint" {
		return "/work"
	}
	return "/home/nonroot"
}

func labels(o options) map[string]string {
	return map[string]string{
		"org.opencontainers.image.source":   "https://github.com/meshlint/meshlint",
		"org.opencontainers.image.version":  o.version,
		"org.opencontainers.image.revision": o.commit,
		"org.opencontainers.image.licenses": "Apache-2.0",
	}
}
