package nginx

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/nginx/nginxtest"
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
	conf.WriteString("server { listen 127.0.0.1:%s; set $srv srv.blog;\n")
	for path, body := range locations {
		fmt.Fprintf(&conf, "location = %s { %s }\n", path, body)
	}
	conf.WriteString("}\n")
	port := nginxtest.FreePort(t)
	text := fmt.Sprintf(conf.String(), port)
	nginxtest.Serve(t, bin, text, port)
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

func get(t *testing.T, port, path, xfh string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", "http://127.0.0.1:"+port+path, nil)
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
