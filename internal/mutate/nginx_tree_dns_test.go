package mutate_test

import (
	"net"
	"testing"

	"golang.org/x/net/dns/dnsmessage"
)

// treeDNS answers every A query with ip, on a UDP port of ip: nginx's
// run-time resolver (a proxy_pass whose host comes from a variable,
// ngx_http_upstream_init_request -> ngx_resolve_name) asks DNS, not the
// hosts file the harness lays, so the names the Service stands for must
// resolve there too. It returns the resolver address for nginx.
func treeDNS(t *testing.T, ip string) string {
	t.Helper()
	conn, err := net.ListenPacket("udp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Fatalf("dns: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	a := [4]byte(net.ParseIP(ip).To4())
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			if out, ok := dnsAnswer(buf[:n], a); ok {
				_, _ = conn.WriteTo(out, from)
			}
		}
	}()
	return conn.LocalAddr().String()
}

// dnsAnswer builds the reply to query: one A record for an A question,
// none (NOERROR) for any other type, such as the AAAA nginx may ask too.
func dnsAnswer(query []byte, a [4]byte) ([]byte, bool) {
	var p dnsmessage.Parser
	h, err := p.Start(query)
	if err != nil {
		return nil, false
	}
	q, err := p.Question()
	if err != nil {
		return nil, false
	}
	b := dnsmessage.NewBuilder(nil, dnsmessage.Header{ID: h.ID, Response: true, Authoritative: true})
	b.EnableCompression()
	_ = b.StartQuestions()
	_ = b.Question(q)
	_ = b.StartAnswers()
	if q.Type == dnsmessage.TypeA {
		rh := dnsmessage.ResourceHeader{Name: q.Name, Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET, TTL: 60}
		_ = b.AResource(rh, dnsmessage.AResource{A: a})
	}
	out, err := b.Finish()
	return out, err == nil
}
