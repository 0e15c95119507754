package webhook

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/admission"
)

// The webhook server as Run builds it (Server, with the routes), on a
// loopback port with a certificate of the test's.
type tlsServer struct {
	addr    string
	certDir string
	cancel  context.CancelFunc
	done    chan error
}

func startTLSServer(t *testing.T, h *Handlers) *tlsServer {
	return startTLSServerWith(t, h, ServerOptions{})
}

// startTLSServerWith is startTLSServer with server options (Host, Port
// and CertDir are the test's).
func startTLSServerWith(t *testing.T, h *Handlers, o ServerOptions) *tlsServer {
	t.Helper()
	dir := t.TempDir()
	writeCert(t, dir, 1)
	port := freePort(t)
	o.Host, o.Port, o.CertDir = "127.0.0.1", port, dir
	srv := NewServer(o)
	for _, r := range routes(h) {
		srv.Register(r.path, h.serve(r, DefaultMaxBodyBytes))
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &tlsServer{addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), certDir: dir, cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- srv.Start(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-s.done
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := s.serial(); err == nil {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatal("the webhook server did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// serial is the serial number of the certificate the server presents.
func (s *tlsServer) serial() (int64, error) {
	conn, err := tls.Dial("tcp", s.addr, &tls.Config{InsecureSkipVerify: true}) //nolint:gosec // the test's own certificate
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	return conn.ConnectionState().PeerCertificates[0].SerialNumber.Int64(), nil
}

func (s *tlsServer) post(path string, body []byte) (*http.Response, []byte, error) {
	return s.do(http.MethodPost, path, body)
}

// do sends one request over TLS and reads the whole answer.
func (s *tlsServer) do(method, path string, body []byte) (*http.Response, []byte, error) {
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} //nolint:gosec
	req, err := http.NewRequest(method, "https://"+s.addr+path, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

// On SIGTERM (the context cancelled) the server stops taking requests and
// finishes those in flight before Start returns.
func TestShutdownDrainsInFlightRequests(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	h := newTestHandlers(t, &fakeEngine{validate: func(admission.Request) (admission.Verdict, error) {
		close(started)
		<-release
		return admission.Verdict{Allowed: true, Warnings: []string{"ML104: slow but answered"}}, nil
	}})
	s := startTLSServer(t, h)
	type result struct {
		body []byte
		err  error
	}
	answered := make(chan result, 1)
	go func() {
		_, b, err := s.post("/validate", review{op: "CREATE", kind: "ConfigMap", ns: "blog-system", name: "x", object: nginxHostHeader}.json(t))
		answered <- result{b, err}
	}()
	<-started
	s.cancel()
	// New connections are refused while the request is in flight.
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := s.serial(); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server still accepts connections after shutdown began")
		}
		time.Sleep(20 * time.Millisecond)
	}
	select {
	case err := <-s.done:
		t.Fatalf("Start returned (%v) with a request in flight", err)
	default:
	}
	close(release)
	r := <-answered
	if r.err != nil {
		t.Fatalf("the in-flight request failed: %v", r.err)
	}
	if out := decodeReview(t, r.body).Response; !out.Allowed || len(out.Warnings) != 1 {
		t.Errorf("the in-flight request got %+v", out)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("Start: %v", err)
		}
		s.done <- err // for the cleanup
	case <-time.After(10 * time.Second):
		t.Fatal("Start did not return after the drain")
	}
}

// A certificate rotated in --cert-dir (as cert-manager renews it) is
// served without a restart, and requests keep being answered.
func TestCertificateRotatedWhileServing(t *testing.T) {
	h := newTestHandlers(t, &fakeEngine{})
	s := startTLSServer(t, h)
	if n, _ := s.serial(); n != 1 {
		t.Fatalf("serving serial %d, want 1", n)
	}
	writeCert(t, s.certDir, 2)
	deadline := time.Now().Add(20 * time.Second) // fsnotify, else certwatcher's 10 s poll
	for {
		if n, err := s.serial(); err == nil && n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the rotated certificate was not served")
		}
		time.Sleep(50 * time.Millisecond)
	}
	resp, b, err := s.post("/validate", review{op: "CREATE", kind: "ConfigMap", ns: "blog-system", name: "x", object: nginxHostHeader}.json(t))
	if err != nil || resp.StatusCode != 200 || !decodeReview(t, b).Response.Allowed {
		t.Fatalf("after the rotation: %v %v %s", err, resp, b)
	}
}

// writeCert writes a self-signed certificate for 127.0.0.1 with the given
// serial as tls.crt and tls.key, each replaced by a rename as a kubelet
// secret volume update does.
func writeCert(t *testing.T, dir string, serial int64) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "meshlint-webhook"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"tls.key": pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}),
		"tls.crt": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
	}
	for _, name := range []string{"tls.key", "tls.crt"} {
		tmp := filepath.Join(dir, "."+name+".tmp")
		if err := os.WriteFile(tmp, files[name], 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
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
