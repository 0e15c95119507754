// Package nginxtest runs the real nginx for tests: one foreground process
// (no user switch, no write access outside its temp directory) serving a
// given http{} body on loopback.
package nginxtest

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Serve starts nginx with body inside http{} until the test ends, and
// returns once it listens on 127.0.0.1:port; it fails the test if nginx
// exits or does not listen within 10 s.
func Serve(t testing.TB, bin, body, port string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "meshlint-nginx-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	main := "error_log stderr;\nevents {}\nhttp {\n    access_log off;\n"
	for _, p := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		main += "    " + p + "_temp_path " + filepath.Join(dir, p) + ";\n"
	}
	main += body + "\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "-p", dir+"/", "-c", filepath.Join(dir, "nginx.conf"), "-e", "stderr",
		"-g", "daemon off; master_process off; pid "+filepath.Join(dir, "nginx.pid")+";")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { cancel(); <-exited })
	waitListen(t, port, exited, &stderr)
}

func waitListen(t testing.TB, port string, exited chan error, stderr *strings.Builder) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		if c, err := net.Dial("tcp", "127.0.0.1:"+port); err == nil {
			c.Close()
			return
		}
		select {
		case err := <-exited:
			exited <- err // for the cleanup
			t.Fatalf("nginx exited: %v\n%s", err, stderr.String())
		case <-deadline:
			t.Fatalf("nginx did not listen on %s:\n%s", port, stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// FreePort is a loopback TCP port free when it is called.
func FreePort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}
