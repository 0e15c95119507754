// Command release builds meshlint's release artifacts from the repository
// root: `release dist` (archives, SHA256SUMS, one CycloneDX SBOM per
// binary) and `release image` (multi-arch OCI layouts, no Docker engine).
// The Makefile's dist and image targets run it. It is a module of its own
// so that the product's go.mod does not carry go-containerregistry.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

// options are what both commands share.
type options struct {
	root, out       string
	version, commit string
	platforms       []platform
	binaries        []string
	epoch           time.Time // every file's and the images' time
	log             io.Writer
}

const usage = "usage: release dist|image [flags]"

func run(args []string, log io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	o, err := parseFlags(args[0], args[1:], log)
	if err != nil {
		return err
	}
	switch args[0] {
	case "dist":
		return dist(o)
	case "image":
		return images(o)
	}
	return errors.New(usage)
}

func parseFlags(cmd string, args []string, log io.Writer) (options, error) {
	defPlatforms := "linux/amd64,linux/arm64,darwin/amd64,darwin/arm64,windows/amd64,windows/arm64"
	if cmd == "image" {
		defPlatforms = "linux/amd64,linux/arm64"
	}
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(log)
	root := fs.String("root", "../..", "the repository root")
	out := fs.String("out", "", "output directory (default ROOT/dist)")
	version := fs.String("version", "dev", "version stamped into the binaries and named by the artifacts")
	commit := fs.String("commit", "none", "commit stamped into the binaries and the image labels")
	platforms := fs.String("platforms", defPlatforms, "comma-separated GOOS/GOARCH pairs")
	binaries := fs.String("binaries", "meshlint,webhook", "comma-separated binaries to build")
	epoch := fs.Int64("source-date-epoch", epochFromEnv(), "Unix time of every archived file and image (default $SOURCE_DATE_EPOCH, else 1980-01-01)")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	o := options{version: *version, commit: *commit, epoch: time.Unix(*epoch, 0).UTC(), log: log}
	var err error
	if o.root, err = filepath.Abs(*root); err != nil {
		return o, err
	}
	o.out = filepath.Join(o.root, "dist")
	if *out != "" {
		if o.out, err = filepath.Abs(*out); err != nil {
			return o, err
		}
	}
	if o.platforms, err = parsePlatforms(*platforms); err != nil {
		return o, err
	}
	o.binaries, err = parseBinaries(*binaries)
	return o, err
}

// epochFromEnv reads SOURCE_DATE_EPOCH (reproducible-builds.org); zip
// cannot hold times before 1980, hence that default.
func epochFromEnv() int64 {
	var n int64
	if _, err := fmt.Sscan(os.Getenv("SOURCE_DATE_EPOCH"), &n); err == nil && n >= 315532800 {
		return n
	}
	return 315532800
}

// fileVersion is the version as artifact names carry it: v1.2.3 -> 1.2.3,
// as the chart's appVersion and the image tag spell it.
func fileVersion(v string) string { return strings.TrimPrefix(v, "v") }
