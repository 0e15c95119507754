package istioschema

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/corpus"
	"github.com/meshlint/meshlint/internal/manifest"
)

// TestFreeStringsNeverChangeAVerdict: an object the API server stores as
// it is stays so, by the API server's own code, whatever a free string of
// it holds; and the copy falls in the same cohort. Inputs: every Istio
// object of the rule fixtures and a corpus copy, each free string
// replaced in turn by each of a few values the schema's other fields
// would refuse.
func TestFreeStringsNeverChangeAVerdict(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/rules/*/*.yaml")
	objs := manifest.Load(files, manifest.Options{}).Objects
	more, err := corpus.Objects(20)
	if err != nil {
		t.Fatal(err)
	}
	tried := 0
	for _, o := range append(objs, more...) {
		c, v, ok := lookup(o)
		if !ok || v != nil || !c.judge(o.Body).clean() {
			continue
		}
		freeStrings(c.shape(), o.Body, "", func(path string, set func(string)) {
			for _, s := range []string{"", "*", "a.*", "ISTIO_MUTUAL", "-1", "10.0.0.0/99", strings.Repeat("x", 300), "\u00e9\u00e9"} {
				set(s)
				tried++
				if got := c.judge(o.Body); !got.clean() {
					t.Errorf("%s %s = %q: the API server says %+v", o.Ref(), path, s, got.issues)
				}
				if !sameContent(c.shape(), o.Body, o.Body) {
					t.Errorf("%s %s = %q: not the same content as itself", o.Ref(), path, s)
				}
			}
		})
	}
	if tried < 500 {
		t.Errorf("%d free strings tried: too few to mean anything", tried)
	}
	t.Logf("%d free strings tried", tried)
}

// freeStrings calls f for each free string of body (the original value is
// put back after f), with a setter of its value.
func freeStrings(t *shape, v any, path string, f func(string, func(string))) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if s, ok := c.(string); ok && t.child(k) != nil && t.child(k).free {
				f(path+"."+k, func(n string) { x[k] = n })
				x[k] = s
			} else {
				freeStrings(t.child(k), c, path+"."+k, f)
			}
		}
	case []any:
		for i, c := range x {
			if s, ok := c.(string); ok && t.elem() != nil && t.elem().free {
				f(path+"["+strconv.Itoa(i)+"]", func(n string) { x[i] = n })
				x[i] = s
			} else {
				freeStrings(t.elem(), c, path+"["+strconv.Itoa(i)+"]", f)
			}
		}
	}
}

const twoPolicies = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: a, namespace: one}
spec:
  rules:
  - from:
    - source: {principals: [cluster.local/ns/one/sa/web]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: a, namespace: two}
spec:
  rules:
  - from:
    - source: {principals: [cluster.local/ns/two/sa/web]}
`

func TestPoliciesThatDifferInFreeStringsAreJudgedOnce(t *testing.T) {
	objs := load(t, twoPolicies)
	c, _, _ := lookup(objs[0])
	if !sameContent(c.shape(), objs[0].Body, objs[1].Body) || sameContent(nil, objs[0].Body, objs[1].Body) {
		t.Fatal("the principals are a free string: same content but for them")
	}
	for i, r := range CheckAll(objs) {
		if r.Rejected || len(r.Issues) > 0 || r.Stored != nil {
			t.Errorf("object %d: %+v", i, r)
		}
	}
}

// An issue found on one member of a cohort is not lent to the others:
// they are judged by their own content, and each stored body keeps its
// own free strings.
func TestACohortWithAnIssueIsJudgedByContent(t *testing.T) {
	src := strings.ReplaceAll(twoPolicies, "  rules:\n", "  rule: {}\n  rules:\n")
	objs := load(t, src)
	res := CheckAll(objs)
	for i, r := range res {
		if len(r.Issues) != 1 || r.Issues[0].Field != "spec.rule" || r.Issues[0].Line != 5+9*i || r.Stored == nil {
			t.Fatalf("object %d: %+v", i, r)
		}
	}
	for i, ns := range []string{"one", "two"} {
		spec := res[i].Stored["spec"].(map[string]any)
		src := spec["rules"].([]any)[0].(map[string]any)["from"].([]any)[0].(map[string]any)["source"].(map[string]any)
		if got := src["principals"].([]any)[0]; got != "cluster.local/ns/"+ns+"/sa/web" {
			t.Errorf("object %d stored with principal %v", i, got)
		}
	}
}

func TestPresenceTests(t *testing.T) {
	for rule, want := range map[string]bool{
		`(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) <= 1`: true,
		`!has(self.a) || !has(self.b)`:                                      true,
		`self.all(key, key.size() != 0)`:                                    false,
		`has(self.a) && self.a.size() > 0`:                                  false,
		`has(self.a.b)`:                                                     false,
		`x.has(self.a)`:                                                     false,
		`self.size() == 0`:                                                  false,
		`has(self.a`:                                                        false,
	} {
		if got := testsPresence(rule); got != want {
			t.Errorf("%s: %v, want %v", rule, got, want)
		}
	}
}
