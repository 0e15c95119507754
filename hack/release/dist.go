package main

import (
	"fmt"
	"path/filepath"
)

// dist builds every binary for every platform and writes, under OUT:
// NAME_VERSION_OS_ARCH.tar.gz (.zip for windows) holding the binary,
// LICENSE, NOTICE and README.md; NAME_VERSION_OS_ARCH.cdx.json, the
// binary's CycloneDX SBOM; and SHA256SUMS over both kinds.
func dist(o options) error {
	var files []string
	for _, name := range o.binaries {
		for _, p := range o.platforms {
			bin, err := build(o, name, p)
			if err != nil {
				return err
			}
			base := filepath.Join(o.out, fmt.Sprintf("%s_%s_%s_%s", name, fileVersion(o.version), p.OS, p.Arch))
			archive, err := pack(o, base, bin, p)
			if err != nil {
				return err
			}
			if err := writeSBOM(bin, base+".cdx.json", o.version); err != nil {
				return err
			}
			files = append(files, archive, base+".cdx.json")
		}
	}
	return writeSums(filepath.Join(o.out, "SHA256SUMS"), files)
}
