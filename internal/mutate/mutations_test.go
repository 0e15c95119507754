package mutate_test

import (
	"bytes"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mutate"
)

// fixed lists the rules each mutation exists to fix: its output, linted,
// has none of them on the objects it changed.
var fixed = map[string][]string{"MM01": {"ML201", "ML202"}, "MM02": {"ML301"}, "MM03": {"ML104"}, "MM05": {"ML201", "ML202"}}

func TestMM02(t *testing.T) {
	t.Parallel()
	runPlan(t, "MM02", []fixture{
		{"mysql that the namespace injects gets the pod-template label, comments kept", "mysql-injected-by-namespace"},
		{"a CronJob's pod template without metadata gets metadata.labels, nested", "cronjob-without-template-metadata"},
		{"an inject label the user set to true is left alone", "user-inject-label-true"},
		{"an inject annotation the user set is left alone", "user-inject-annotation"},
		{"mysql that an ISTIO_MUTUAL rule reaches keeps its sidecar (taking it would make ML103)", "istio-mutual-to-mysql"},
		{"mysql that an AuthorizationPolicy selects keeps its sidecar (nothing else enforces it)", "authorization-policy-selects-mysql"},
		{"mysql in a namespace that does not inject is left alone", "namespace-not-injected"},
	})
}

func TestMM03(t *testing.T) {
	t.Parallel()
	runPlan(t, "MM03", []fixture{
		{"a rule with a traffic policy but no tls gets tls.mode ISTIO_MUTUAL in it", "rule-without-tls"},
		{"a rule without a traffic policy gets one", "rule-without-traffic-policy"},
		{"an explicit tls DISABLE is left alone", "explicit-tls-disable"},
		{"a rule in a client namespace for a Service of another namespace gets it", "cross-namespace-target"},
		{"a namespace wildcard that also covers mysql, kept out of the mesh, is left alone", "wildcard-covers-unmeshed-mysql"},
		{"a namespace wildcard beside mysql's own DISABLE rule covers only meshed Services and gets it", "wildcard-beside-mysql-disable"},
		{"a mesh-wide wildcard covers namespaces the files do not hold and is left alone", "mesh-wide-wildcard"},
		{"portLevelSettings: the top level gets it for the ports without an entry, an entry without tls its own, an explicit port-level DISABLE stays", "port-level-settings"},
		{"of two rules of one host, the one whose policy applies gets it; the first keeps no policy, so nothing is displaced", "merged-rules-of-one-host"},
		{"a rule for mysql, which MM02 takes out of the mesh in the same plan, gets no ISTIO_MUTUAL", "rule-for-a-database-mm02-takes-out"},
	})
}

func runPlan(t *testing.T, id string, cases []fixture) {
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			dir := fixtureDir(id, tc.dir)
			in := read(t, dir+"/input.yaml")
			objs, m := load(t, "input.yaml", in)
			planned := plan(objs, m, id)
			out := applyText(t, "input.yaml", in, planned)
			var changes []mutate.Change
			changed := map[string]bool{}
			for _, p := range planned {
				changes = append(changes, p.Result.Changes...)
				changed[p.Object.Ref().String()] = true
			}
			golden(t, dir, "expected.yaml", out)
			golden(t, dir, "changes.txt", []byte(changeLines(changes)))

			after, m2 := load(t, "expected.yaml", out)
			noNewErrors(t, lint(t, objs), lint(t, after))
			noneOn(t, lint(t, after), changed, fixed[id]...)
			if again := plan(after, m2, id); len(again) > 0 {
				t.Errorf("not idempotent: a second run changes %v", again[0].Result.Changes)
			}
		})
	}
}

func TestMM04(t *testing.T) {
	t.Parallel()
	cases := []fixture{
		{"the field report's stack without rules gets one for web and one for was, none for mysql", "field-report-without-rules"},
		{"a user's rule that applies, even without tls, means none is generated (MM03 fixes it)", "user-rule-without-tls"},
		{"a name another rule holds gets a suffix", "name-taken"},
		{"a root-namespace wildcard that applies is not shadowed", "root-wildcard-applies"},
		{"a rule in a client namespace stays first for its clients; the others get the generated one", "client-namespace-rule"},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			dir := fixtureDir("MM04", tc.dir)
			in := read(t, dir+"/input.yaml")
			objs, m := load(t, "input.yaml", in)
			gen := mutate.Generate(m)
			var out bytes.Buffer
			var changes []mutate.Change
			services := map[string]bool{}
			for i, g := range gen {
				y, err := g.YAML()
				if err != nil {
					t.Fatal(err)
				}
				if i > 0 {
					out.WriteString("---\n")
				}
				out.Write(y)
				changes = append(changes, g.Change)
				services[g.Service.Ref().String()] = true
			}
			golden(t, dir, "expected.yaml", out.Bytes())
			golden(t, dir, "changes.txt", []byte(changeLines(changes)))

			res := manifest.LoadBytes("expected.yaml", out.Bytes(), manifest.Options{})
			if len(res.Errors) > 0 {
				t.Fatalf("generated YAML does not load: %v", res.Errors)
			}
			after, m2 := load(t, "both.yaml", append(append(append([]byte{}, in...), "\n---\n"...), out.Bytes()...))
			noNewErrors(t, lint(t, objs), lint(t, after))
			noneOn(t, lint(t, after), services, "ML104")
			if again := mutate.Generate(m2); len(again) > 0 {
				t.Errorf("not idempotent: a second run generates %v", again[0].Ref)
			}
		})
	}
}

func TestMM05(t *testing.T) {
	t.Parallel()
	runPlan(t, "MM05", []fixture{
		{"a meshed Envoy Gateway dialling the Service with the client's Host gets a URLRewrite hostname", "client-host"},
		{"a rule that already rewrites the hostname is left alone", "already-rewritten"},
		{"a rule with filters of the user's is left alone", "rule-with-filters"},
		{"a gateway that dials the endpoints is left alone (ML603's fix first)", "pod-ips"},
		{"a rule split between two Services is left alone", "two-services"},
		{"Istio's own class routes by cluster and is left alone", "istio-class"},
	})
}
