package nginx

import (
	"errors"
	"os"
	"os/exec"
)

// Binary finds the nginx executable: on PATH, else Debian's /usr/sbin/nginx,
// which a non-root PATH may lack. The tests that check configs against the
// real nginx use it, and fail (never skip) when it is missing.
func Binary() (string, error) {
	if p, err := exec.LookPath("nginx"); err == nil {
		return p, nil
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx", nil
	}
	return "", errors.New("nginx is not installed: apt-get install -y nginx libnginx-mod-http-lua (make deps)")
}
