package main

import (
	"strings"
	"testing"
)

// In ambient mode the fixes that serve sidecars stay away: mysql in the
// mesh under ztunnel needs no sidecar exclusion (MM02: ztunnel does not
// sniff), and ambient Services get no DestinationRule (MM04: ztunnel
// tunnels HBONE mTLS without one); the nginx Host rewrite (MM01) is for a
// client sidecar's routing, which ambient workloads do not have.
func TestFixLeavesAmbientWorkloadsAlone(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ambient := []string{"    istio-injection: enabled\n", "    istio.io/dataplane-mode: ambient\n"}
	copyFixture(t, dir, "stack.yaml", hostStack, 0o644, append(ambient, mysqlMeshed...)...)
	sidecar := t.TempDir()
	copyFixture(t, sidecar, "stack.yaml", hostStack, 0o644, mysqlMeshed...)
	if r := meshlint(t, sidecar, "", "fix", "--diff", "stack.yaml"); !strings.Contains(r.stdout, "sidecar.istio.io/inject") {
		t.Fatalf("the sidecar stack gets no MM02: the test proves nothing\n%s%s", r.stdout, r.stderr)
	}
	r := meshlint(t, dir, "", "fix", "--diff", "--generate-destination-rules", "--output", "drs.yaml", "stack.yaml")
	r.expect(t, exitOK, "", "meshlint fix: nothing to change")
	if r.stdout != "" {
		t.Errorf("the ambient stack gets a diff:\n%s", r.stdout)
	}
}
