// Package version says which meshlint a binary is: the version and commit
// the build stamped (-ldflags "-X main.version=... -X main.commit=..."), or,
// without them, what the Go toolchain recorded in the binary: the module
// version of a `go install github.com/meshlint/meshlint/cmd/meshlint@vX`
// build, the VCS revision of a build in a git checkout.
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Info is a binary's identity.
type Info struct {
	Version, Commit, GoVersion string
}

// Unstamped are the values of main.version and main.commit a build
// without -ldflags leaves.
const (
	UnstampedVersion = "dev"
	UnstampedCommit  = "none"
)

// Resolve fills what the build did not stamp from the build info.
func Resolve(version, commit string) Info {
	bi, ok := debug.ReadBuildInfo()
	return resolve(version, commit, bi, ok)
}

func resolve(version, commit string, bi *debug.BuildInfo, ok bool) Info {
	info := Info{Version: version, Commit: commit, GoVersion: runtime.Version()}
	if !ok {
		return info
	}
	if info.Version == UnstampedVersion && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		info.Version = bi.Main.Version
	}
	if info.Commit == UnstampedCommit {
		info.Commit = setting(bi, "vcs.revision", UnstampedCommit)
		if len(info.Commit) > 12 {
			info.Commit = info.Commit[:12]
		}
		if setting(bi, "vcs.modified", "") == "true" {
			info.Commit += "-dirty"
		}
	}
	return info
}

func setting(bi *debug.BuildInfo, key, def string) string {
	for _, s := range bi.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return def
}

// String is the one line `--version` prints.
func (i Info) String() string {
	return fmt.Sprintf("%s (commit %s, %s)", i.Version, i.Commit, i.GoVersion)
}
