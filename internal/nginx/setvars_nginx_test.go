package nginx

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The real nginx sends the Host the model predicts for `set` variables and
// for $http_x_forwarded_host: one nginx serves every case, each a location
// proxying to a Go server on loopback that echoes the Host it received.
func TestSetHostMatchesRealNginx(t *testing.T) {
	bin := nginxBinary(t)
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.Host)
	}))
	defer backend.Close()
	up := strings.TrimPrefix(backend.URL, "http://")
	locations := map[string]string{
		"/literal":  `set $h was.blog; proxy_set_header Host $h; proxy_pass http://` + up + `;`,
		"/override": `set $h a; set $h b.blog; proxy_set_header Host $h; proxy_pass http://` + up + `;`,
		"/server":   `proxy_set_header Host $srv; proxy_pass http://` + up + `;`,
		"/location": `set $srv loc.blog; proxy_set_header Host $srv; proxy_pass http://` + up + `;`,
		"/break":    `set $h first.blog; break; set $h second.blog; proxy_set_header Host $h; proxy_pass http://` + up + `;`,
		"/target":   `set $b ` + up + `; proxy_pass http://$b;`,
		"/xfh":      `set $f $http_x_forwarded_host; proxy_set_header Host $f; proxy_pass http://` + up + `;`,
	}
	var conf strings.Builder
	conf.WriteString("server { listen 127.0.0.1:%d; set $srv srv.blog;\n")
	for path, body := range locations {
		fmt.Fprintf(&conf, "location = %s { %s }\n", path, body)
	}
	conf.WriteString("}\n")
	port := freePort(t)
	text := fmt.Sprintf(conf.String(), port)
	serveNginx(t, bin, text)
	byPath := map[string]Proxy{}
	for _, p := range mustParse(t, "http { "+text+" }").Proxies() {
		byPath[p.Location.Arg(1)] = p
	}
	for path := range locations {
		p := byPath[path]
		want, ok := p.Host.Eval(map[string]string{"http_x_forwarded_host": "shop.example.com"})
		if !ok {
			t.Errorf("%s: the model does not know the Host (%s)", path, p.Host.Value)
			continue
		}
		got := get(t, port, path, "shop.example.com")
		t.Logf("%s: Host %q", path, got)
		if got != want {
			t.Errorf("%s: nginx sent Host %q, the model predicts %q", path, got, want)
		}
	}
}

func get(t *testing.T, port int, path, xfh string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", fmt.Sprintf("http://127.0.0.1:%d%s", port, path), nil)
	req.Header.Set("X-Forwarded-Host", xfh)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 512)
	n, _ := resp.Body.Read(buf)
	b.Write(buf[:n])
	return b.String()
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// serveNginx starts nginx in the foreground with the http{} body text and
// waits until it listens.
func serveNginx(t *testing.T, bin, text string) {
	t.Helper()
	dir := safeTempDir(t)
	main := filepath.Join(dir, "nginx.conf")
	temps := ""
	for _, k := range []string{"client_body", "proxy", "fastcgi", "uwsgi", "scgi"} {
		temps += fmt.Sprintf("%s_temp_path %s;\n", k, filepath.Join(dir, k))
	}
	conf := "daemon off; master_process off; pid " + filepath.Join(dir, "nginx.pid") + ";\nerror_log stderr;\n" +
		"events {}\nhttp {\naccess_log off;\n" + temps + text + "}\n"
	if err := os.WriteFile(main, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "-p", dir+"/", "-c", main, "-e", "stderr")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); _ = cmd.Wait() })
	addr := text[strings.Index(text, "listen ")+7 : strings.Index(text, ";")]
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nginx did not start: %s", stderr.String())
}
