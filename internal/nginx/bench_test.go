package nginx

import (
	"strings"
	"testing"
)

// BenchmarkParse parses a config of about 1 MiB: many servers, each with
// locations, headers and a Lua block.
func BenchmarkParse(b *testing.B) {
	server := `server {
    listen 80; server_name a.example.com;
    proxy_set_header Host $host; # shared
    location /api/ { proxy_set_header X-Real-IP $remote_addr; proxy_pass http://api.ns.svc.cluster.local:8080; }
    location /lua { content_by_lua_block { local t = { "}", '{' } -- }
        ngx.say(t[1]) } }
}
`
	text := []byte("http {\n" + strings.Repeat(server, MaxSize/len(server)-1) + "}\n")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Parse("bench.conf", text); err != nil {
			b.Fatal(err)
		}
	}
}

// TestParseWorstCasesAreLinear guards inputs that a naive Lua lexer scans
// over and over: a long line of quotes that never close, and of long
// bracket look-alikes.
func TestParseWorstCasesAreLinear(t *testing.T) {
	for _, body := range []string{
		`"` + strings.Repeat(`\"`, 300000),
		`'` + strings.Repeat(`\'`, 300000),
		strings.Repeat("[==x", 150000),
		strings.Repeat("-", 600000),
	} {
		text := "content_by_lua_block { " + body + "\n}"
		if _, err := Parse("worst.conf", []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
}
