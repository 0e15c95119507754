package stackdiff

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/stack"
	"github.com/meshlint/meshlint/internal/topology"
)

// side loads and lints paths as `meshlint diff` does.
func side(t *testing.T, paths ...string) *Side {
	t.Helper()
	s := stack.Load(stack.Options{Paths: paths})
	rules, err := stack.Rules(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	l, err := s.LintWith(rules)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Report.Errors) > 0 {
		t.Fatalf("input errors: %v", l.Report.Errors)
	}
	return &Side{Name: strings.Join(paths, " "), Model: l.Result.Model, Topology: s.TopologyOf(l.Result.Model), Findings: l.Report.Findings}
}

func rules(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	slices.Sort(out)
	return out
}

// examples/demo has both traps of the field report (web's Host $host
// sends web -> was through PassthroughCluster into STRICT was: reset); the
// migration example's Ingress side is the same stack with nginx's Host
// fixed.
func TestFixingTheHostHeaderRestoresTheHop(t *testing.T) {
	demo := side(t, "../../examples/demo")
	fixed := side(t, "../../examples/migration/ingress-nginx")
	d := Compare(demo, fixed)
	if len(d.Hops) != 1 {
		t.Fatalf("hops %+v, want the web -> was hop alone", d.Hops)
	}
	h := d.Hops[0]
	if h.Change != Changed || h.Via.Kind != "ConfigMap" || h.Port != 8080 ||
		h.Before.Class != "broken" || !slices.Equal(h.After.Outcomes, []string{"mtls"}) {
		t.Errorf("hop %+v (before %+v, after %+v)", h, h.Before, h.After)
	}
	// ML101 is on both sides (same rule, object, severity): neither added
	// nor fixed, as the admission webhook judges it.
	if got := rules(d.Fixed); !slices.Equal(got, []string{"ML201"}) || len(d.Added) != 0 {
		t.Errorf("fixed %v, added %v; want ML201 fixed, nothing added", got, rules(d.Added))
	}
	if d.Errors(finding.Error) != 0 {
		t.Error("a change that only fixes must not fail")
	}
	if undo := Compare(fixed, demo); undo.Errors(finding.Error) != 1 || undo.Errors(finding.None) != 0 {
		t.Errorf("undoing the fix: %d errors added (want 1), %d with --fail-on none", undo.Errors(finding.Error), undo.Errors(finding.None))
	}
	var graph bytes.Buffer
	if err := d.WriteMermaid(&graph); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(graph.String(), "-->"); n != 1 || !strings.Contains(graph.String(), "broken (rejected) → mTLS") {
		t.Errorf("graph of the changed hops has %d edges, want 1 saying the change:\n%s", n, graph.String())
	}
}

// The JSON contract (docs/diff-json.md): every key present, lists never
// null, even when nothing changed.
func TestJSONOfNoChangeHasEveryKey(t *testing.T) {
	s := side(t, "../../examples/demo")
	var out bytes.Buffer
	if err := Compare(s, s).Write(&out, "json", finding.Error); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"base": "string", "head": "string", "hops": "list", "findings": "object", "mesh_coverage": "object", "summary": "object"}
	for k, kind := range want {
		switch v := doc[k].(type) {
		case string, map[string]any:
		case []any:
			if len(v) != 0 {
				t.Errorf("%s: %v, want []", k, v)
			}
		default:
			t.Errorf("%s: %v (%T), want a %s", k, v, v, kind)
		}
	}
	f := doc["findings"].(map[string]any)
	if _, ok := f["added"].([]any); !ok {
		t.Errorf("findings.added: %v, want []", f["added"])
	}
	if s := doc["summary"].(map[string]any); s["fails"] != false {
		t.Errorf("summary %v", s)
	}
}

// A hop reaches every endpoint workload of its Service: when one of two
// behind it leaves the mesh, the hop's outcomes are both, and its class
// the worse.
func TestAHopToTwoWorkloadsKeepsBothOutcomes(t *testing.T) {
	const stackYAML = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: front, namespace: shop}
spec:
  selector: {matchLabels: {app: front}}
  template:
    metadata: {labels: {app: front}}
    spec:
      containers:
        - name: front
          image: front:1
          env: [{name: API_URL, value: "http://api.shop.svc.cluster.local:8080"}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{name: http, port: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api-v1, namespace: shop}
spec:
  selector: {matchLabels: {app: api, v: "1"}}
  template:
    metadata: {labels: {app: api, v: "1"}}
    spec: {containers: [{name: api, image: api:1, ports: [{containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api-v2, namespace: shop}
spec:
  selector: {matchLabels: {app: api, v: "2"}}
  template:
    metadata: {labels: {app: api, v: "2"}}
    spec: {containers: [{name: api, image: api:2, ports: [{containerPort: 8080}]}]}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec: {mtls: {mode: STRICT}}
`
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// api-v2 leaves the mesh: front's sidecar still sends mTLS to the
	// Service (auto mTLS follows each endpoint: plain text to v2).
	out := strings.Replace(stackYAML, "    metadata: {labels: {app: api, v: \"2\"}}\n", "    metadata: {labels: {app: api, v: \"2\", sidecar.istio.io/inject: \"false\"}}\n", 1)
	d := Compare(side(t, write("in.yaml", stackYAML)), side(t, write("out.yaml", out)))
	if len(d.Hops) != 1 {
		t.Fatalf("hops %+v, want front -> api alone", d.Hops)
	}
	h := d.Hops[0]
	if !slices.Equal(h.Before.Outcomes, []string{"mtls"}) || !slices.Equal(h.After.Outcomes, []string{"mtls", "plaintext"}) ||
		h.After.Class != "plaintext" || h.After.Label != "mTLS, plain text" {
		t.Errorf("front -> api: before %+v, after %+v; want mtls, then mtls and plaintext (class plaintext)", h.Before, h.After)
	}
	if d.Coverage[0].Percent != 100 || d.Coverage[1].Percent != 0 {
		t.Errorf("coverage %d%% -> %d%%, want 100%% -> 0%% (a Service is meshed when every workload is)", d.Coverage[0].Percent, d.Coverage[1].Percent)
	}
}

// A pull-request comment stays under GitHub's size limit: at most
// maxRows rows per table, and no graph past it.
func TestMarkdownIsBounded(t *testing.T) {
	d := &Diff{Base: "a", Head: "b", graph: &topology.Topology{}}
	for i := range maxRows + 10 {
		st := &HopState{Outcomes: []string{"rejected"}, Label: "broken (rejected)", Class: "broken"}
		d.Hops = append(d.Hops, HopChange{Change: Added, Name: "hop " + strconv.Itoa(i), After: st})
		d.graph.Hops = append(d.graph.Hops, topology.Hop{From: "a", To: "b"})
	}
	var out bytes.Buffer
	if err := d.Write(&out, "markdown", finding.Error); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "| added | hop "); n != maxRows || !strings.Contains(out.String(), "… and 10 more hops") || strings.Contains(out.String(), "mermaid") {
		t.Errorf("%d rows (want %d), the rest said, no graph:\n%s", n, maxRows, out.String())
	}
}

// A change that leaves a hop broken that was not is no green mark, even
// when the finding it meets was already there (the migration of a STRICT
// namespace from one unmeshed ingress to another).
func TestANewBrokenHopIsAWarning(t *testing.T) {
	broken := &HopState{Outcomes: []string{"rejected"}, Label: "broken (rejected)", Class: "broken"}
	mtls := &HopState{Outcomes: []string{"mtls"}, Label: "mTLS", Class: "mtls"}
	for _, tc := range []struct {
		hops []HopChange
		mark string
		says string
	}{
		{[]HopChange{{Change: Added, Name: "gw -> web:80", After: broken}, {Change: Removed, Name: "ingress -> web:80", Before: broken}},
			":warning:", "0 hops changed, 1 added, 1 removed (1 broken by it)"},
		{[]HopChange{{Change: Changed, Name: "web -> was:8080", Before: broken, After: broken}}, ":white_check_mark:", "1 hop changed, 0 added, 0 removed;"},
		{[]HopChange{{Change: Added, Name: "gw -> web:80", After: mtls}}, ":white_check_mark:", "0 hops changed, 1 added, 0 removed;"},
	} {
		d := &Diff{Base: "a", Head: "b", graph: &topology.Topology{}, Hops: tc.hops}
		var out bytes.Buffer
		if err := d.Write(&out, "markdown", finding.Error); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), tc.mark+" "+tc.says) {
			t.Errorf("want %q %q in:\n%s", tc.mark, tc.says, out.String())
		}
	}
}
