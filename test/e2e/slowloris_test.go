package e2e

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// slowClient is a client that sends an AdmissionReview's headers, then
// its body one byte at a time, as a slow-loris attack does.
type slowClient struct {
	conn    net.Conn
	sentAt  time.Time     // when the headers were sent
	closed  time.Duration // after sentAt, when the server closed the connection
	status  string        // the status line the server answered, if any
	readErr error
}

// dialSlow connects with TLS (HTTP/1.1), sends the headers of a POST to
// path announcing a large body, and then a byte every 100 ms until the
// server closes the connection.
func dialSlow(t *testing.T, port int, path string) *slowClient {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(cluster.caData)
	conn, err := tls.DialWithDialer(&net.Dialer{Timeout: 30 * time.Second}, "tcp", fmt.Sprintf("127.0.0.1:%d", port),
		&tls.Config{RootCAs: pool, ServerName: "127.0.0.1", NextProtos: []string{"http/1.1"}, MinVersion: tls.VersionTLS12})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	s := &slowClient{conn: conn, sentAt: time.Now()}
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{", path)
	go func() {
		for {
			time.Sleep(100 * time.Millisecond)
			if _, err := conn.Write([]byte(" ")); err != nil {
				return
			}
		}
	}()
	return s
}

// wait reads until the server closes the connection.
func (s *slowClient) wait() {
	defer s.conn.Close()
	_ = s.conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	r := bufio.NewReader(s.conn)
	s.status, _ = r.ReadString('\n')
	_, s.readErr = io.Copy(io.Discard, r)
	s.closed = time.Since(s.sentAt)
}

// Issue 11, point 6 (slow request bodies): connections that send their
// body slowly are cut off at the request's deadline, with more of them
// than --max-connections (the others wait to be accepted, then are cut
// off alike); a normal request still gets its answer meanwhile; and
// SIGTERM does not wait for slow bodies: the webhook exits 0 at once.
func TestSlowBodiesAreCutOffAndDoNotHoldShutdown(t *testing.T) {
	p, port := startOwnWebhook(t, "--max-connections", "16")
	const slow = 24
	var clients []*slowClient
	var dials sync.WaitGroup
	var mu sync.Mutex
	for range slow {
		dials.Go(func() {
			c := dialSlow(t, port, "/validate?timeout="+slowTimeout.String())
			c.wait()
			mu.Lock()
			clients = append(clients, c)
			mu.Unlock()
		})
	}
	time.Sleep(300 * time.Millisecond) // the slow ones hold every connection
	hc := webhookClient(30 * time.Second)
	code, body, err := postTo(hc, port, "/validate?timeout=10s", quickChange(t, "beside-slow-ones"))
	if err != nil || code != 200 || !strings.Contains(body, `"allowed":true`) {
		t.Errorf("a normal request among slow ones: HTTP %d %v: %.300s", code, err, body)
	}
	hc.CloseIdleConnections()
	dials.Wait()
	for _, c := range clients {
		if c.closed > slowTimeout+time.Second || !strings.Contains(c.status, " 408 ") {
			t.Errorf("a slow body: answered %q, closed %s after its headers, want 408 and closed within %s", strings.TrimSpace(c.status), c.closed, slowTimeout)
		}
	}
	if n := p.metric(t, "meshlint_admission_given_up_total", `reason="read"`); n != slow {
		t.Errorf("given_up{reason=read} = %v, want %d", n, slow)
	}
	checkShutdownDoesNotWait(t, p, port)
}

// checkShutdownDoesNotWait holds connections with slow bodies whose
// deadline is far off and stops the webhook: it must exit 0 well before
// that deadline, the slow connections closed.
func checkShutdownDoesNotWait(t *testing.T, p *webhookProcess, port int) {
	var held []*slowClient
	for range 8 {
		held = append(held, dialSlow(t, port, "/validate?timeout=30s"))
	}
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	if err := p.stop(5 * time.Second); err != nil {
		t.Fatalf("SIGTERM with slow bodies under way: %v", err)
	}
	t.Logf("exited %s after SIGTERM", time.Since(start))
	for _, c := range held {
		c.wait()
		if c.closed > 10*time.Second {
			t.Errorf("a slow body held its connection %s, past the shutdown", c.closed)
		}
	}
}
