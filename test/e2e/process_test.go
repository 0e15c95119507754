package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// webhookProcess is the webhook binary running as users run it.
type webhookProcess struct {
	cmd     *exec.Cmd
	health  string // host:port of /healthz and /readyz
	metrics string // host:port of /metrics
	logPath string
	done    chan struct{}
	waitErr error
}

// processOptions are the flags the suite varies; the rest are fixed.
type processOptions struct {
	kubeconfig string
	certDir    string
	port       int
	config     string
	extra      []string // e.g. --generate-destination-rules
}

// startWebhook starts bin with its flags on free loopback ports; its log
// goes to a file beside the kubeconfig, printed when something fails.
func startWebhook(bin, logDir string, o processOptions) (*webhookProcess, error) {
	health, metrics := freeAddr(), freeAddr()
	args := []string{
		"--kubeconfig", o.kubeconfig,
		"--cert-dir", o.certDir,
		"--port", strconv.Itoa(o.port),
		"--health-probe-bind-address", health,
		"--metrics-bind-address", metrics,
	}
	if o.config != "" {
		args = append(args, "--config", o.config)
	}
	args = append(args, o.extra...)
	log, err := os.CreateTemp(logDir, "webhook-*.log")
	if err != nil {
		return nil, fmt.Errorf("webhook log: %w", err)
	}
	defer log.Close()
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.Env = append(os.Environ(), "KUBECONFIG=") // the flag, not the environment
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	p := &webhookProcess{cmd: cmd, health: health, metrics: metrics, logPath: log.Name(), done: make(chan struct{})}
	go func() { p.waitErr = cmd.Wait(); close(p.done) }()
	return p, nil
}

// probe answers the HTTP status of /healthz or /readyz, 0 when it cannot
// connect.
func (p *webhookProcess) probe(path string) int {
	c := http.Client{Timeout: time.Second}
	resp, err := c.Get("http://" + p.health + path)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// waitFor polls path until it answers want, the process exits, or the
// timeout passes.
func (p *webhookProcess) waitFor(path string, want int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	last := 0
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return fmt.Errorf("the webhook exited (%v) before %s answered %d:\n%s", p.waitErr, path, want, p.logTail())
		default:
		}
		if last = p.probe(path); last == want {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s answered %d, not %d, after %s:\n%s", path, last, want, timeout, p.logTail())
}

// stop sends SIGTERM, as the kubelet does, and requires a clean exit (0)
// within the timeout; it kills the process otherwise.
func (p *webhookProcess) stop(timeout time.Duration) error {
	select {
	case <-p.done:
		return fmt.Errorf("the webhook had already exited (%v):\n%s", p.waitErr, p.logTail())
	default:
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("SIGTERM: %w", err)
	}
	select {
	case <-p.done:
	case <-time.After(timeout):
		_ = p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("the webhook did not exit within %s of SIGTERM:\n%s", timeout, p.logTail())
	}
	if p.waitErr != nil {
		return fmt.Errorf("the webhook exited with %v after SIGTERM, not 0:\n%s", p.waitErr, p.logTail())
	}
	return nil
}

// kill ends the process without checking how (cleanup after a failure).
func (p *webhookProcess) kill() {
	select {
	case <-p.done:
	default:
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// peakRSS is the process's peak resident set size in bytes (VmHWM).
func (p *webhookProcess) peakRSS() (int64, error) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(p.cmd.Process.Pid), "status"))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

// logTail is the end of the process's log, for failure messages.
func (p *webhookProcess) logTail() string {
	b, err := os.ReadFile(p.logPath)
	if err != nil {
		return err.Error()
	}
	const max = 6000
	if len(b) > max {
		b = append([]byte("...\n"), b[len(b)-max:]...)
	}
	return fmt.Sprintf("--- %s\n%s", p.logPath, b)
}

// freeAddr returns a loopback address with a port nobody listens on now.
func freeAddr() string {
	givenMu.Lock()
	defer givenMu.Unlock()
	for {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(fmt.Sprintf("no free loopback port: %v", err))
		}
		addr := l.Addr().String()
		l.Close()
		// The kernel hands a port closed a moment ago out again: never
		// give one twice (a webhook's health, metrics and serving ports
		// are picked one after the other, before any is bound).
		if !given[addr] {
			given[addr] = true
			return addr
		}
	}
}

var (
	givenMu sync.Mutex
	given   = map[string]bool{}
)

// freePort is freeAddr's port.
func freePort() int {
	_, port, _ := net.SplitHostPort(freeAddr())
	n, _ := strconv.Atoi(port)
	return n
}

// eventually retries f every 100 ms until it returns nil or the timeout
// passes; the informer caches of the API server and of the webhook are
// eventually consistent, and the suite waits for them only this way.
func eventually(ctx context.Context, timeout time.Duration, f func() error) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		err := f()
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("after %s: %w", timeout, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

var errNotYet = errors.New("not yet")

func itoa(n int) string { return strconv.Itoa(n) }
