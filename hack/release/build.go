package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// platform is one GOOS/GOARCH pair.
type platform struct{ OS, Arch string }

func (p platform) String() string { return p.OS + "/" + p.Arch }

func parsePlatforms(s string) ([]platform, error) {
	var out []platform
	for _, f := range strings.Split(s, ",") {
		goos, arch, ok := strings.Cut(strings.TrimSpace(f), "/")
		if !ok || goos == "" || arch == "" {
			return nil, fmt.Errorf("platform %q: want GOOS/GOARCH", f)
		}
		out = append(out, platform{goos, arch})
	}
	return out, nil
}

// packages are the binaries a release ships, by the package that builds them.
var packages = map[string]string{"meshlint": "./cmd/meshlint", "webhook": "./cmd/webhook"}

func parseBinaries(s string) ([]string, error) {
	var out []string
	for _, b := range strings.Split(s, ",") {
		if packages[b] == "" {
			return nil, fmt.Errorf("binary %q: want meshlint or webhook", b)
		}
		out = append(out, b)
	}
	return out, nil
}

// exe is the binary's file name on p.
func exe(name string, p platform) string {
	if p.OS == "windows" {
		return name + ".exe"
	}
	return name
}

// build cross-compiles one binary, static (CGO_ENABLED=0) and with no
// build paths (-trimpath), into OUT/build/NAME_OS_ARCH/, and returns its
// path. Both binaries get the same -X flags: the linker ignores a name a
// package does not define, so a binary without main.version builds too.
func build(o options, name string, p platform) (string, error) {
	bin := filepath.Join(o.out, "build", name+"_"+p.OS+"_"+p.Arch, exe(name, p))
	ldflags := fmt.Sprintf("-s -w -X main.version=%s -X main.commit=%s", o.version, o.commit)
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", ldflags, "-o", bin, packages[name])
	cmd.Dir = o.root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS="+p.OS, "GOARCH="+p.Arch, "GOWORK=off")
	cmd.Stdout, cmd.Stderr = o.log, o.log
	fmt.Fprintf(o.log, "build %s %s\n", name, p)
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build %s for %s: %w", name, p, err)
	}
	return bin, nil
}
