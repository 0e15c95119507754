package nginxtest

import (
	"os"
	"os/exec"
	"testing"

	"github.com/meshlint/meshlint/internal/parts"
)

// Binary finds the nginx executable for a test that runs the real nginx:
// on PATH, else Debian's /usr/sbin/nginx, which a non-root PATH may lack.
// The test fails without it, and is skipped in -short mode (make
// test-unit).
func Binary(t testing.TB) string {
	t.Helper()
	parts.Skip(t, "nginx")
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	t.Fatal("nginx is not installed: apt-get install -y nginx libnginx-mod-http-lua (make deps)")
	return ""
}
