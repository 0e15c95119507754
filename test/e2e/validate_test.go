package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// Stacks that must apply cleanly through both webhooks, object by object
// in the order kubectl applies them.
func TestCorrectStacksApplyCleanly(t *testing.T) {
	tests := []struct {
		name  string
		ns    string
		files func(t tb) []string
	}{
		{"the shipped base manifests (manifests/blog-system) apply cleanly", "blog-base", baseFiles},
		{"the field report's final stack applies cleanly", "blog-final", func(tb) []string { return []string{finalStack} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			c := newClient(t)
			t.Cleanup(func() { deleteIngress(t, c, tt.ns) })
			s := loadStack(t, tt.ns, tt.files(t)...)
			for _, o := range s {
				v := c.create(ctx, t, o, false)
				if !v.allowed {
					t.Fatalf("create %s: %s", o.Ref(), v)
				}
				if len(v.warnings) > 0 {
					t.Logf("create %s: warnings %q", o.Ref(), v.warnings)
				}
			}
			for _, o := range s {
				if c.get(ctx, t, o) == nil {
					t.Errorf("%s was not stored", o.Ref())
				}
			}
		})
	}
}

// The field report's broken objects, applied onto the rest of their
// stack, are denied with every new error's ID, what breaks and the fix;
// a server-side dry-run gets the same verdict and stores nothing.
func TestBrokenObjectsAreDenied(t *testing.T) {
	tests := []struct {
		name        string
		ns          string
		file        string
		kind, obj   string // the broken object, applied last
		mutationOff string // "": on; "unregistered": no mutating webhook; "flag": the webhook runs with --no-mutate
		want        []string
	}{
		{"the field report's STRICT PeerAuthentication behind the unmeshed ingress is denied with ML101",
			"blog-strict", strictStack, "PeerAuthentication", "default", "", []string{"ML101"}},
		{"web's nginx ConfigMap with Host $host is denied with ML201 (and the ML401 it causes) when the mutating webhook is not registered",
			"blog-host", hostStack, "ConfigMap", "web-nginx-config", "unregistered", []string{"ML201", "ML401"}},
		{"web's nginx ConfigMap with Host $host is denied with ML201 (and the ML401 it causes) when the webhook runs with --no-mutate",
			"blog-host-flag", hostStack, "ConfigMap", "web-nginx-config", "flag", []string{"ML201", "ML401"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			c := newClient(t)
			t.Cleanup(func() { deleteIngress(t, c, tt.ns) })
			s := loadStack(t, tt.ns, tt.file)
			setup, broken := s.without(tt.kind, tt.obj), s.find(t, tt.kind, tt.obj)
			applyAll(ctx, t, c, setup)
			want := newErrors(t, platform(t), setup, s)
			check := func() { denied(ctx, t, c, broken, want, tt.want...) }
			switch tt.mutationOff {
			case "unregistered":
				withoutWebhook(ctx, t, c, "mutating", check)
			case "flag":
				withWebhookFlags(t, []string{"--no-mutate"}, check)
			default:
				check()
			}
		})
	}
}

// denied creates broken once the webhook's cache has caught up, as a
// server-side dry-run and for real: both are denied with the oracle's new
// errors and the wanted IDs, with the same verdict, and nothing is stored.
// It returns the real request's verdict.
func denied(ctx context.Context, t *testing.T, c *apiClient, broken *manifest.Object, want []finding.Finding, ids ...string) verdict {
	t.Helper()
	awaitVerdict(ctx, t, c, broken, false)
	dry := c.create(ctx, t, broken, true)
	checkDenial(t, dry, want, ids...)
	real := c.create(ctx, t, broken, false)
	checkDenial(t, real, want, ids...)
	checkLayout(t, real, broken, ids) // layout_test.go
	if err := awaitAudit(ctx, broken.Namespace, broken.Name, auditErrors, is(strings.Join(ids, ","))); err != nil {
		t.Errorf("the denial's rules are not on record: %v", err)
	}
	sameVerdict(t, dry, real)
	if c.get(ctx, t, broken) != nil {
		t.Fatalf("%s was stored though denied", broken.Ref())
	}
	return real
}

// A change is judged against the cluster state the webhook's cache holds;
// awaitVerdict waits, with dry-runs, until the cache has caught up with
// what the test just created (the verdict on o is the expected one).
func awaitVerdict(ctx context.Context, t tb, c *apiClient, o *manifest.Object, allowed bool) {
	t.Helper()
	err := eventually(ctx, 15*time.Second, func() error {
		if v := c.create(ctx, t, o, true); v.allowed != allowed {
			return fmt.Errorf("dry-run create of %s: %s", o.Ref(), v)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("the webhook's cache did not catch up: %v", err)
	}
}

// sameVerdict: a server-side dry-run is answered as the real request.
func sameVerdict(t tb, dry, real verdict) {
	t.Helper()
	if dry.allowed != real.allowed || dry.message != real.message || fmt.Sprint(dry.warnings) != fmt.Sprint(real.warnings) {
		t.Fatalf("the dry-run got another verdict than the request:\ndry-run: %s\nrequest: %s", dry, real)
	}
}
