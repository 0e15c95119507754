package mesh_test

import (
	"bufio"
	"net"
	"net/http"
	"net/textproto"
	"slices"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/nginx/nginxtest"
)

// The F5 controller's locations, the proxy_set_header lines in the order
// its templates write them, run in the real nginx:
//   - Ingress (internal/configs/version1/nginx.ingress.tmpl): the
//     nginx.org/proxy-set-headers entries, then `proxy_set_header Host
//     $host;` always: nginx sends both Host headers, the client's among
//     them (f5_ingress.go: the hop keeps the client's Host);
//   - VirtualServer (version2/nginx.virtualserver.tmpl with the headers of
//     virtualserver.go generateProxySetHeaders): requestHeaders.set Host
//     alone, no $host: the set value is the only Host.
func TestF5LocationsSendTheHostTheModelPredicts(t *testing.T) {
	bin := nginxtest.Binary(t)
	tests := []struct {
		name, headers string
		want          []string
	}{
		{"Ingress with nginx.org/proxy-set-headers Host",
			"proxy_set_header Host \"web.shop.svc.cluster.local\";\n        proxy_set_header Host $host;",
			[]string{"web.shop.svc.cluster.local", "shop.example.com"}},
		{"VirtualServer with requestHeaders.set Host",
			"proxy_set_header X-Forwarded-Host $host;\n        proxy_set_header Host \"web.shop.svc.cluster.local\";",
			[]string{"web.shop.svc.cluster.local"}},
		{"VirtualServer without requestHeaders", "proxy_set_header Host \"$host\";", []string{"shop.example.com"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hostsSent(t, bin, tt.headers); !slices.Equal(got, tt.want) {
				t.Errorf("nginx sent Host %q, want %q", got, tt.want)
			}
		})
	}
}

// hostsSent serves a location with headers in front of a raw TCP
// upstream (Go's HTTP server refuses two Host headers) and returns the
// Host lines the upstream reads.
func hostsSent(t *testing.T, bin, headers string) []string {
	t.Helper()
	up, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer up.Close()
	got := make(chan []string, 1)
	go func() {
		c, err := up.Accept()
		if err != nil {
			got <- nil
			return
		}
		defer c.Close()
		r := textproto.NewReader(bufio.NewReader(c))
		r.ReadLine() // request line
		h, _ := r.ReadMIMEHeader()
		got <- h.Values("Host")
		c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
	}()
	port := nginxtest.FreePort(t)
	nginxtest.Serve(t, bin, "    server {\n    listen 127.0.0.1:"+port+";\n    location / {\n        proxy_http_version 1.1;\n        "+
		headers+"\n        proxy_pass http://"+up.Addr().String()+";\n    }\n    }", port)
	req, _ := http.NewRequest("GET", "http://127.0.0.1:"+port+"/", nil)
	req.Host = "shop.example.com"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	hosts := <-got
	for i, h := range hosts {
		hosts[i] = strings.TrimSpace(h)
	}
	return hosts
}
