package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// member is one file of an archive: its name there, its source, its mode.
type member struct {
	name, src string
	mode      os.FileMode
}

// docs are the files every archive carries beside the binary.
var docs = []string{"LICENSE", "NOTICE", "README.md"}

// pack writes base.tar.gz (base.zip on windows), files at the top level
// as release archives of Go tools usually are, and returns its path.
func pack(o options, base, bin string, p platform) (string, error) {
	members := []member{{filepath.Base(bin), bin, 0o755}}
	for _, d := range docs {
		members = append(members, member{d, filepath.Join(o.root, d), 0o644})
	}
	if p.OS == "windows" {
		return base + ".zip", writeArchive(base+".zip", members, o, writeZip)
	}
	return base + ".tar.gz", writeArchive(base+".tar.gz", members, o, writeTarGz)
}

type archiver func(w io.Writer, members []member, o options) error

func writeArchive(path string, members []member, o options, write archiver) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f, members, o); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return f.Close()
}

func writeTarGz(w io.Writer, members []member, o options) error {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	for _, m := range members {
		data, err := os.ReadFile(m.src)
		if err != nil {
			return err
		}
		hdr := &tar.Header{Name: m.name, Mode: int64(m.mode), Size: int64(len(data)), ModTime: o.epoch, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func writeZip(w io.Writer, members []member, o options) error {
	zw := zip.NewWriter(w)
	for _, m := range members {
		data, err := os.ReadFile(m.src)
		if err != nil {
			return err
		}
		hdr := &zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: o.epoch}
		hdr.SetMode(m.mode)
		f, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			return err
		}
	}
	return zw.Close()
}
