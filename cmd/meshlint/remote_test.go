package main

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// remoteKustomization is an overlay whose local base names a remote one:
// the remote is found through the base, before anything is fetched.
func remoteKustomization(t *testing.T, url string) string {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"overlay/kustomization.yaml": "resources:\n- ../base\n",
		"base/kustomization.yaml":    "resources:\n- ns.yaml\n- " + url + "\n",
		"base/ns.yaml":               "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
	})
	return dir
}

// A remote base reached the network (DNS, git fetch) on every run, from
// pre-commit and CI alike. Without --allow-remote it is an input error
// naming the kustomization file, its line, the URL and the flag.
func TestKustomizeRemoteBaseNeedsAllowRemote(t *testing.T) {
	t.Parallel()
	url := "https://github.com/example/shop//base?ref=v1"
	dir := remoteKustomization(t, url)
	r := meshlint(t, dir, "", "lint", "overlay")
	r.expect(t, exitUsage, "1 input error", filepath.Join("overlay", "..", "base", "kustomization.yaml")+":3: remote base "+url+": not fetched")
	if !strings.Contains(r.stderr, "--allow-remote") {
		t.Errorf("stderr does not name the flag:\n%s", r.stderr)
	}
}

// With --allow-remote the fetch is bounded: a git server that accepts
// connections and never answers (kustomize's http client has no timeout)
// ends the run at --remote-timeout with an input error, and a closed port
// is an input error at once.
func TestKustomizeRemoteFetchIsBoundedByTheTimeout(t *testing.T) {
	t.Parallel()
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() { // accept and hold every connection, answering nothing
		var held []net.Conn
		for {
			c, err := silent.Accept()
			if err != nil {
				for _, c := range held {
					c.Close()
				}
				return
			}
			held = append(held, c)
		}
	}()
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := closed.Addr().String()
	closed.Close()

	url := "http://" + silent.Addr().String() + "/org/shop.git//base?ref=main"
	start := time.Now()
	r := meshlint(t, remoteKustomization(t, url), "", "lint", "--allow-remote", "--remote-timeout", "2s", "overlay")
	r.expect(t, exitUsage, "1 input error", "remote base "+url+": the build did not finish within 2s (--remote-timeout)")
	// Answered before the deadline plus a margin, well under the 27 s
	// that kustomize gives each git command.
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("the run took %v with --remote-timeout 2s", took)
	}

	url = "http://" + closedAddr + "/org/shop.git//base?ref=main"
	r = meshlint(t, remoteKustomization(t, url), "", "lint", "--allow-remote", "overlay")
	r.expect(t, exitUsage, "1 input error", "connection refused")
	if !strings.Contains(r.stderr, "base/kustomization.yaml:") || !strings.Contains(r.stderr, url) {
		t.Errorf("the error does not name the kustomization and the URL:\n%s", r.stderr)
	}
}
