package nginx

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/nginx/nginxtest"
)

// These tests run the syntax cases through the real `nginx -t`, the ground
// truth the parser claims to follow. They need Debian's nginx (and, for the
// Lua cases, libnginx-mod-http-lua):
//
//	apt-get install -y nginx libnginx-mod-http-lua
//
// and fail, not skip, without them: a skipped check would let the parser
// drift from nginx unnoticed.

func TestAgreesWithNginx(t *testing.T) {
	bin := nginxBinary(t)
	runAgainstNginx(t, bin, "", false)
}

func TestLuaAgreesWithNginx(t *testing.T) {
	bin := nginxBinary(t)
	runAgainstNginx(t, bin, luaModules(t, bin), true)
}

func runAgainstNginx(t *testing.T, bin, modules string, lua bool) {
	for _, c := range syntaxCases {
		if c.lua != lua {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := safeTempDir(t)
			text := wrap(c, dir, modules)
			_, err := Parse("nginx.conf", []byte(text))
			checkSyntax(t, c, err)
			checkNginx(t, bin, dir, text, c)
		})
	}
}

// checkNginx runs `nginx -t` on text and compares its verdict and error
// line with the case.
func checkNginx(t *testing.T, bin, dir, text string, c syntaxCase) {
	t.Helper()
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "-t", "-q", "-p", dir+"/", "-c", conf,
		"-e", "stderr", "-g", "pid "+filepath.Join(dir, "nginx.pid")+";").CombinedOutput()
	if c.line == 0 {
		if err != nil {
			t.Fatalf("nginx rejects what Parse accepts: %v\n%s", err, out)
		}
		return
	}
	if err == nil {
		t.Fatalf("nginx accepts what Parse rejects")
	}
	line := c.line
	if c.ngxLine != 0 {
		line = c.ngxLine
	}
	if !c.full {
		line += wrapLines
	}
	want := fmt.Sprintf("%s:%d", conf, line)
	if !strings.Contains(string(out), want) || !strings.Contains(string(out), c.ngxMsg) {
		t.Errorf("nginx says:\n%s\nwant an error in %s containing %q", out, want, c.ngxMsg)
	}
}

// nginxBinary finds nginx; the test fails without it (skips in -short
// mode).
func nginxBinary(t *testing.T) string {
	t.Helper()
	return nginxtest.Binary(t)
}

// luaModules returns the load_module line for lua-nginx-module and the
// NDK it needs, from nginx's --modules-path.
func luaModules(t *testing.T, bin string) string {
	t.Helper()
	out, _ := exec.Command(bin, "-V").CombinedOutput()
	dir := "/usr/lib/nginx/modules"
	if m := regexp.MustCompile(`--modules-path=(\S+)`).FindSubmatch(out); m != nil {
		dir = string(m[1])
	}
	var line string
	for _, so := range []string{"ndk_http_module.so", "ngx_http_lua_module.so"} {
		p := filepath.Join(dir, so)
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("%s is missing; this test needs it: apt-get install -y libnginx-mod-http-lua", p)
		}
		line += "load_module " + p + "; "
	}
	return line
}

// safeTempDir is a temp dir whose name has no "{", ";" or space: t.TempDir
// names it after the test, and nginx would read such a path in the config
// as syntax.
func safeTempDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "nginx-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
