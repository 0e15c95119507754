package webhook

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"sigs.k8s.io/controller-runtime/pkg/certwatcher"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	logf "sigs.k8s.io/controller-runtime/pkg/log"
	"sigs.k8s.io/controller-runtime/pkg/webhook"
)

// The HTTPS server's timeouts. A request's body is also given up on at
// the request's own deadline (readBody); these bound what comes before
// it and what is left once every request has its deadline.
const (
	readHeaderTimeout     = 5 * time.Second                   // TLS handshake and headers
	readTimeout           = maxWebhookTimeout + 5*time.Second // a whole request
	writeTimeout          = maxWebhookTimeout + 5*time.Second // from the headers read to the answer written
	idleTimeout           = 90 * time.Second                  // as the API server's transport keeps connections
	maxHeaderBytes        = 1 << 20                           // net/http's default, said out loud
	tlsCertName           = "tls.crt"                         // controller-runtime's names in --cert-dir
	tlsKeyName            = "tls.key"                         //
	DefaultMaxConnections = 1000                              // open connections to the webhook port
)

// ServerOptions configure the webhook's HTTPS server.
type ServerOptions struct {
	Host            string // "" listens on every address
	Port            int
	CertDir         string // tls.crt and tls.key, reloaded when they change
	MaxConnections  int    // open connections at most; more wait to be accepted
	ShutdownTimeout time.Duration
}

// Server is the webhook server (controller-runtime's webhook.Server):
// controller-runtime's own DefaultServer with the limits it lacks, a
// read timeout, a write timeout and a bound on open connections, and a
// shutdown that does not wait for clients sending slowly.
type Server struct {
	o       ServerOptions
	mux     *http.ServeMux
	mu      sync.Mutex
	started bool
}

var _ webhook.Server = (*Server)(nil)

// NewServer returns a server that listens once started.
func NewServer(o ServerOptions) *Server {
	if o.MaxConnections <= 0 {
		o.MaxConnections = DefaultMaxConnections
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = DefaultShutdownTimeout
	}
	return &Server{o: o, mux: http.NewServeMux()}
}

// NeedLeaderElection: every replica serves.
func (*Server) NeedLeaderElection() bool { return false }

// Register serves hook at path.
func (s *Server) Register(path string, hook http.Handler) { s.mux.Handle(path, hook) }

// WebhookMux is the server's mux.
func (s *Server) WebhookMux() *http.ServeMux { return s.mux }

func (s *Server) addr() string { return net.JoinHostPort(s.o.Host, strconv.Itoa(s.o.Port)) }

// shutdownKey carries, in every request's context, a context done when
// the server starts shutting down: body reads stop then (abortReads).
type shutdownKey struct{}

// Start serves until ctx is done, then stops accepting, aborts the body
// reads under way and waits for the evaluations under way (at most
// ShutdownTimeout, then it closes every connection).
func (s *Server) Start(ctx context.Context) error {
	cfg, err := s.tlsConfig(ctx)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", s.addr())
	if err != nil {
		return fmt.Errorf("webhook server: %w", err)
	}
	shutdown, stopReads := context.WithCancel(context.Background())
	srv := &http.Server{Handler: s.mux, ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout, MaxHeaderBytes: maxHeaderBytes,
		BaseContext: func(net.Listener) context.Context {
			return context.WithValue(context.Background(), shutdownKey{}, shutdown)
		},
	}
	done := make(chan error, 1)
	go func() {
		<-ctx.Done()
		stopReads()
		done <- s.shutdown(srv)
	}()
	s.mu.Lock()
	s.started = true
	s.mu.Unlock()
	logf.Log.WithName("webhook-server").Info("serving", "address", s.addr(), "maxConnections", s.o.MaxConnections)
	if err := srv.Serve(tls.NewListener(newLimitListener(ln, s.o.MaxConnections), cfg)); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("webhook server: %w", err)
	}
	return <-done
}

// shutdown drains srv within ShutdownTimeout, then closes what is left.
func (s *Server) shutdown(srv *http.Server) error {
	ctx, cancel := context.WithTimeout(context.Background(), s.o.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("webhook server: requests still running after %s (--shutdown-timeout): %w", s.o.ShutdownTimeout, err)
	}
	return nil
}

// tlsConfig serves the certificate of CertDir, reloaded when it changes
// (controller-runtime's certwatcher, as its DefaultServer does).
func (s *Server) tlsConfig(ctx context.Context) (*tls.Config, error) {
	w, err := certwatcher.New(filepath.Join(s.o.CertDir, tlsCertName), filepath.Join(s.o.CertDir, tlsKeyName))
	if err != nil {
		return nil, fmt.Errorf("webhook server certificate: %w", err)
	}
	go func() {
		if err := w.Start(ctx); err != nil {
			logf.Log.WithName("webhook-server").Error(err, "certificate watcher")
		}
	}()
	return &tls.Config{NextProtos: []string{"h2", "http/1.1"}, GetCertificate: w.GetCertificate}, nil
}

// StartedChecker is healthy once the server accepts TLS connections.
func (s *Server) StartedChecker() healthz.Checker {
	return func(*http.Request) error {
		s.mu.Lock()
		started := s.started
		s.mu.Unlock()
		if !started {
			return errors.New("webhook server has not been started yet")
		}
		d := &net.Dialer{Timeout: 10 * time.Second}
		conn, err := tls.DialWithDialer(d, "tcp", s.addr(), &tls.Config{InsecureSkipVerify: true}) //nolint:gosec // a liveness dial to ourselves
		if err != nil {
			return fmt.Errorf("webhook server is not reachable: %w", err)
		}
		return conn.Close()
	}
}
