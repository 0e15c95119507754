package render

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/meshlint/meshlint/internal/manifest"
)

// DefaultRemoteTimeout bounds a build with remote bases when
// KustomizeOptions.RemoteTimeout is 0.
const DefaultRemoteTimeout = 60 * time.Second

// KustomizeOptions tune a kustomize build.
type KustomizeOptions struct {
	// AllowRemote lets the build fetch remote resources, bases and
	// components (git repositories, http(s) files). Off, a kustomization
	// that names one is an input error and nothing reaches the network.
	AllowRemote bool
	// RemoteTimeout bounds the whole build when it fetches remote
	// bases; 0 means DefaultRemoteTimeout.
	RemoteTimeout time.Duration
}

// remoteRef is a remote entry of a kustomization file.
type remoteRef struct {
	file string // the kustomization, as the user names it
	line int
	url  string
}

// remoteKeys are the lists whose entries kustomize may fetch from a
// remote: api/types/kustomization.go Resources, Bases (deprecated) and
// Components; api/internal/target/kusttarget.go accumulateResources and
// accumulateComponents try them as files (http, https) and as git
// repositories (api/internal/git/repospec.go NewRepoSpecFromURL).
var remoteKeys = []string{"resources", "bases", "components"}

// findRemote returns the first remote entry of the kustomization in dir
// or of the local kustomizations it names, read before the build so that
// nothing is fetched unless allowed.
func findRemote(dir, show string, seen map[string]bool) *remoteRef {
	kf := kustomizationFile(dir)
	abs, err := filepath.Abs(dir)
	if kf == "" || err != nil || seen[abs] {
		return nil
	}
	seen[abs] = true
	data, err := os.ReadFile(kf)
	if err != nil {
		return nil // the build reports it
	}
	k := parseKfile(kf, filepath.Join(show, filepath.Base(kf)), data)
	for _, key := range remoteKeys {
		for _, it := range k.items(key) {
			if isRemote(it.Value) {
				return &remoteRef{file: k.show, line: it.Line, url: it.Value}
			}
			sub := filepath.Join(dir, it.Value)
			if fi, err := os.Stat(sub); err == nil && fi.IsDir() {
				if r := findRemote(sub, filepath.Join(show, it.Value), seen); r != nil {
					return r
				}
			}
		}
	}
	return nil
}

// isRemote tells an entry kustomize would fetch: a URL with a scheme
// (https://, http://, ssh://, file://), git's scp form (git@host:org/repo)
// and go-getter's git:: prefix, or a path on a git host that kustomize
// knows without a scheme (github.com/org/repo; repospec.go extractHost).
func isRemote(s string) bool {
	switch {
	case strings.Contains(s, "://"), strings.HasPrefix(s, "git@"), strings.HasPrefix(s, "git::"):
		return true
	}
	for _, host := range []string{"github.com/", "gitlab.com/", "bitbucket.org/", "dev.azure.com/"} {
		if strings.HasPrefix(s, host) {
			return true
		}
	}
	return false
}

func (r *remoteRef) refused() error {
	return &manifest.Error{File: r.file, Line: r.line, Msg: fmt.Sprintf(
		"remote base %s: not fetched (meshlint reads no network unless allowed): run with --allow-remote to fetch it, "+
			"or vendor it into the repository", r.url)}
}

// withDeadline runs build, giving up after d: kustomize's build takes no
// context (its http client has no timeout, and each git command it runs
// has its own 27 s one), so a fetch that hangs is left behind and the
// build reported as timed out.
func withDeadline[T any](d time.Duration, r *remoteRef, build func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	done := make(chan result, 1)
	go func() {
		v, err := build()
		done <- result{v, err}
	}()
	select {
	case res := <-done:
		return res.v, res.err
	case <-ctx.Done():
		var zero T
		return zero, &manifest.Error{File: r.file, Line: r.line, Msg: fmt.Sprintf(
			"remote base %s: the build did not finish within %s (--remote-timeout)", r.url, d)}
	}
}
