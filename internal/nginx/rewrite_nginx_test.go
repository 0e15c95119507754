package nginx

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// Every text the rewriter writes in its table must be one the real nginx
// loads: `nginx -t` on the rewritten files, and on the originals to show
// the harness itself is sound. The cases proxy to IP addresses and
// upstream blocks, so nothing needs resolving; relative includes resolve
// against the directory of the main file, where the files are written.
func TestRewrittenConfigsPassNginx(t *testing.T) {
	bin := nginxBinary(t)
	for _, c := range rewriteCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			roots := c.roots
			if roots == nil {
				roots = []string{"default.conf"}
			}
			res := rewriteOne(t, c.files, roots, c.proxy, c.host)
			if len(res.Refused) > 0 {
				t.Fatalf("refused: %v", res.Refused[0].Err)
			}
			for _, v := range []struct {
				what  string
				files Files
			}{{"original", c.files}, {"rewritten", merged(c.files, res.Files)}} {
				if out, err := nginxTest(t, bin, v.files, roots[0]); err != nil {
					t.Errorf("nginx -t rejects the %s config: %v\n%s", v.what, err, out)
				}
			}
		})
	}
}

// nginxTest writes files to a fresh directory and runs `nginx -t` on root,
// wrapped in events{} and http{} unless it is a whole nginx.conf.
func nginxTest(t *testing.T, bin string, files Files, root string) ([]byte, error) {
	t.Helper()
	dir := safeTempDir(t)
	for k, v := range files {
		if err := os.WriteFile(filepath.Join(dir, k), []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	main := filepath.Join(dir, root)
	if root != "nginx.conf" {
		main = filepath.Join(dir, "main.conf")
		wrapper := "events {}\nhttp {\n    include " + root + ";\n}\n"
		if err := os.WriteFile(main, []byte(wrapper), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, bin, "-t", "-q", "-p", dir+"/", "-c", main,
		"-e", "stderr", "-g", "pid "+filepath.Join(dir, "nginx.pid")+";").CombinedOutput()
}
