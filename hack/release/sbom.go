package main

import (
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
)

// A CycloneDX 1.5 BOM, the fields this tool writes
// (https://cyclonedx.org/docs/1.5/json/).
type bom struct {
	BOMFormat    string       `json:"bomFormat"`
	SpecVersion  string       `json:"specVersion"`
	SerialNumber string       `json:"serialNumber"`
	Version      int          `json:"version"`
	Metadata     bomMetadata  `json:"metadata"`
	Components   []component  `json:"components"`
	Dependencies []dependency `json:"dependencies"`
}

type bomMetadata struct {
	Tools     bomTools  `json:"tools"`
	Component component `json:"component"`
}

type bomTools struct {
	Components []component `json:"components"`
}

type component struct {
	Type       string       `json:"type"`
	BOMRef     string       `json:"bom-ref,omitempty"`
	Name       string       `json:"name"`
	Version    string       `json:"version,omitempty"`
	PURL       string       `json:"purl,omitempty"`
	Hashes     []hash       `json:"hashes,omitempty"`
	Licenses   []licenseRef `json:"licenses,omitempty"`
	Properties []property   `json:"properties,omitempty"`
}

type hash struct {
	Alg     string `json:"alg"`
	Content string `json:"content"`
}

type licenseRef struct {
	License struct {
		ID string `json:"id"`
	} `json:"license"`
}

type property struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type dependency struct {
	Ref       string   `json:"ref"`
	DependsOn []string `json:"dependsOn"`
}

// writeSBOM writes the CycloneDX SBOM of the binary at bin from the build
// information the Go linker embeds in it (debug/buildinfo): the main
// module, as stamped with version, every module linked in, the Go
// toolchain (as pkg:golang/std, the purl Go SBOM tools give it) and the
// build settings.
func writeSBOM(bin, path, version string) error {
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		return fmt.Errorf("read build info of %s: %w", bin, err)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		return err
	}
	out, err := json.MarshalIndent(newBOM(info, version, sha256.Sum256(data)), "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(out, '\n'), 0o644)
}

func newBOM(info *debug.BuildInfo, version string, sum [32]byte) bom {
	main := moduleComponent("application", info.Main.Path, version)
	main.Hashes = []hash{{"SHA-256", hex.EncodeToString(sum[:])}}
	main.Licenses = []licenseRef{{}}
	main.Licenses[0].License.ID = "Apache-2.0"
	main.Properties = buildProperties(info)
	b := bom{BOMFormat: "CycloneDX", SpecVersion: "1.5", SerialNumber: serial(sum), Version: 1,
		Metadata: bomMetadata{Component: main, Tools: bomTools{Components: []component{
			{Type: "application", Name: "meshlint hack/release"}}}}}
	std := moduleComponent("library", "std", info.GoVersion)
	b.Components = []component{std}
	root := dependency{Ref: main.BOMRef, DependsOn: []string{std.BOMRef}}
	for _, m := range info.Deps {
		if m.Replace != nil {
			m = m.Replace
		}
		c := moduleComponent("library", m.Path, m.Version)
		b.Components = append(b.Components, c)
		root.DependsOn = append(root.DependsOn, c.BOMRef)
	}
	b.Dependencies = []dependency{root}
	return b
}

// moduleComponent names a Go module by its purl
// (https://github.com/package-url/purl-spec, type golang): the module
// path, then @version with '+' (as in +incompatible) percent-encoded.
func moduleComponent(typ, path, version string) component {
	purl := "pkg:golang/" + path + "@" + strings.ReplaceAll(version, "+", "%2B")
	return component{Type: typ, BOMRef: purl, Name: path, Version: version, PURL: purl}
}

// buildProperties carries the package built, the Go version and the build
// settings (GOOS, GOARCH, CGO_ENABLED, -trimpath, -ldflags, vcs.*).
func buildProperties(info *debug.BuildInfo) []property {
	props := []property{{"cdx:go:package", info.Path}, {"cdx:go:version", info.GoVersion}}
	for _, s := range info.Settings {
		props = append(props, property{"cdx:go:build:" + s.Key, s.Value})
	}
	return props
}

// serial is a urn:uuid derived from the binary's digest, so the same
// binary always gets the same BOM (RFC 9562 version 8, custom data).
func serial(sum [32]byte) string {
	u := sum[:16]
	u[6] = u[6]&0x0f | 0x80
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
