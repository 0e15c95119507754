package mutate_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/mutate"
	"github.com/meshlint/meshlint/internal/validate"
)

// The MM01 fixtures: testdata/mutations/MM01/<case>/ holds input.yaml (the
// manifests; or expect.yaml's input names a shared file), expected.yaml
// (the ConfigMap as MM01 leaves it: unchanged when it must be left alone)
// and expect.yaml (the changes, by YAML line and reason, and requests the
// end-to-end test sends through the real nginx).

var updateMM01 = flag.Bool("update-mm01", false, "rewrite the MM01 fixtures' expected.yaml from MM01's output (review the diff)")

const mm01Dir = "../../testdata/mutations/MM01"

type mm01Expect struct {
	Name      string       `yaml:"name"`
	Input     string       `yaml:"input"`
	Changes   []mm01Change `yaml:"changes"`
	Remaining int          `yaml:"remaining"` // ML201 errors and ML202 left on the ConfigMap
	Requests  []mm01Req    `yaml:"requests"`
}

type mm01Change struct {
	Line   int    `yaml:"line"`
	Reason string `yaml:"reason"`
}

// mm01Req is a request to a location through nginx, before and after MM01.
type mm01Req struct {
	Method  string            `yaml:"method"`
	Path    string            `yaml:"path"`
	Host    string            `yaml:"host"`    // the client's Host
	Headers map[string]string `yaml:"headers"` // further client headers
	Before  string            `yaml:"before"`  // the Host the Service gets from the original config
	After   string            `yaml:"after"`   // and from MM01's
}

// mm01Case is one fixture, loaded and mutated.
type mm01Case struct {
	dir    string
	expect mm01Expect
	objs   []*manifest.Object
	cm     *manifest.Object // the ConfigMap of expected.yaml, as in the input
	want   map[string]any   // expected.yaml's data
	model  *mesh.Model
	result mutate.Result
	after  []*manifest.Object // objs with the result applied
}

func TestMM01Fixtures(t *testing.T) {
	for _, c := range loadMM01Cases(t) {
		t.Run(c.expect.Name, func(t *testing.T) {
			mm01CheckEdits(t, c)
			mm01CheckChanges(t, c)
			mm01CheckOthers(t, c)
			mm01CheckIdempotent(t, c)
			mm01CheckRemaining(t, c)
		})
	}
}

// mm01CheckEdits: the ConfigMap's data after the edits is expected.yaml's, and
// there is one SetString edit per changed key.
func mm01CheckEdits(t *testing.T, c *mm01Case) {
	t.Helper()
	got := mm01Data(t, c.after, c.cm)
	if !reflect.DeepEqual(got, c.want) {
		t.Errorf("data after MM01:\n%s\nwant (expected.yaml):\n%s", mm01DataText(got), mm01DataText(c.want))
	}
	keys := map[string]bool{}
	for _, e := range c.result.Edits {
		if e.Kind != mutate.SetString || len(e.Path) != 2 || e.Path[0] != "data" || keys[e.Path[1]] {
			t.Errorf("edit %v: want one SetString of data.<key> per key", e.Path)
		}
		keys[e.Path[1]] = true
	}
}

func mm01CheckChanges(t *testing.T, c *mm01Case) {
	t.Helper()
	var got []mm01Change
	for _, ch := range c.result.Changes {
		if ch.Mutation != "MM01" || ch.Object.Kind != "ConfigMap" || ch.Object.Name != c.cm.Name ||
			ch.Object.Namespace != mesh.NamespaceOf(c.cm) {
			t.Errorf("change %+v: not an MM01 change of %s", ch, c.cm.Ref())
		}
		got = append(got, mm01Change{Line: ch.Line, Reason: ch.Reason})
	}
	if !reflect.DeepEqual(got, c.expect.Changes) && !(len(got) == 0 && len(c.expect.Changes) == 0) {
		t.Errorf("changes:\n%s\nwant:\n%s", mm01ChangesText(got), mm01ChangesText(c.expect.Changes))
	}
	if len(c.result.Changes) > 0 && len(c.result.Edits) == 0 {
		t.Errorf("changes without edits")
	}
}

// mm01CheckOthers: MM01 leaves every other object of the input alone.
func mm01CheckOthers(t *testing.T, c *mm01Case) {
	t.Helper()
	for _, o := range c.objs {
		if o.Kind == "ConfigMap" && o != c.cm {
			if r := mutate.MM01(o, c.model); !r.Empty() {
				t.Errorf("MM01 changed %s too: %+v", o.Ref(), r.Changes)
			}
		}
	}
}

// mm01CheckIdempotent: MM01 on its own output changes nothing.
func mm01CheckIdempotent(t *testing.T, c *mm01Case) {
	t.Helper()
	m := mesh.Build(c.after, validate.Settings(config.Default()))
	if r := mutate.MM01(mm01Find(c.after, c.cm), m); !r.Empty() || len(r.Changes) > 0 {
		t.Errorf("MM01 on its own output: %d edits, changes %+v", len(r.Edits), r.Changes)
	}
}

// mm01CheckRemaining: linted, the output has none of the findings MM01 fixes
// but those the case says it must leave.
func mm01CheckRemaining(t *testing.T, c *mm01Case) {
	t.Helper()
	v, err := validate.New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := v.Lint(c.after)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range res.Findings {
		fixable := f.Rule == "ML202" || (f.Rule == "ML201" && f.Severity == finding.Error)
		if fixable && f.Object.Kind == "ConfigMap" && f.Object.Name == c.cm.Name {
			n++
		}
	}
	if n != c.expect.Remaining {
		t.Errorf("after MM01 the linter reports %d ML201 errors / ML202 on the ConfigMap, want %d", n, c.expect.Remaining)
	}
}

func loadMM01Cases(t *testing.T) []*mm01Case {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(mm01Dir, "*", "expect.yaml"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no MM01 fixtures in %s: %v", mm01Dir, err)
	}
	var out []*mm01Case
	for _, f := range dirs {
		out = append(out, loadMM01Case(t, filepath.Dir(f)))
	}
	return out
}

func loadMM01Case(t *testing.T, dir string) *mm01Case {
	t.Helper()
	c := &mm01Case{dir: dir}
	mm01ReadYAML(t, filepath.Join(dir, "expect.yaml"), &c.expect)
	input := filepath.Join(dir, "input.yaml")
	if c.expect.Input != "" {
		input = filepath.Join(dir, c.expect.Input)
	}
	c.objs = mm01Load(t, input)
	expected := mm01Load(t, filepath.Join(dir, "expected.yaml"))
	if len(expected) != 1 || expected[0].Kind != "ConfigMap" {
		t.Fatalf("%s/expected.yaml: want one ConfigMap", dir)
	}
	c.cm = mm01Find(c.objs, expected[0])
	if c.cm == nil {
		t.Fatalf("%s: the input has no %s", dir, expected[0].Ref())
	}
	c.want, _ = expected[0].Body["data"].(map[string]any)
	c.model = mesh.Build(c.objs, validate.Settings(config.Default()))
	c.result = mutate.MM01(c.cm, c.model)
	after, err := mutate.Mutated(c.objs, []mutate.Planned{{Object: c.cm, Mutation: "MM01", Result: c.result}})
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	c.after = after
	if *updateMM01 {
		mm01WriteExpected(t, dir, mm01Find(after, c.cm))
		c.want = mm01Data(t, after, c.cm)
	}
	return c
}

func mm01Load(t *testing.T, path string) []*manifest.Object {
	t.Helper()
	res := manifest.Load([]string{path}, manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatalf("load %s: %v", path, res.Errors)
	}
	return res.Objects
}

func mm01ReadYAML(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// mm01Find finds in objs the object named like o.
func mm01Find(objs []*manifest.Object, o *manifest.Object) *manifest.Object {
	for _, x := range objs {
		if x.Kind == o.Kind && x.Name == o.Name && mesh.NamespaceOf(x) == mesh.NamespaceOf(o) {
			return x
		}
	}
	return nil
}

func mm01Data(t *testing.T, objs []*manifest.Object, cm *manifest.Object) map[string]any {
	t.Helper()
	o := mm01Find(objs, cm)
	if o == nil {
		t.Fatalf("no %s", cm.Ref())
	}
	data, _ := o.Body["data"].(map[string]any)
	return data
}

func mm01DataText(data map[string]any) string {
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString("--- " + k + "\n")
		s, _ := data[k].(string)
		b.WriteString(s)
	}
	return b.String()
}

func mm01ChangesText(cs []mm01Change) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString("  - line: " + strconv.Itoa(c.Line) + "\n    reason: " + c.Reason + "\n")
	}
	return b.String()
}

// mm01WriteExpected renders the ConfigMap as expected.yaml: its reference and
// data, each text as a literal block.
func mm01WriteExpected(t *testing.T, dir string, cm *manifest.Object) {
	t.Helper()
	data, _ := cm.Body["data"].(map[string]any)
	dn := &yaml.Node{Kind: yaml.MappingNode}
	keys := make([]string, 0, len(data))
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s, _ := data[k].(string)
		dn.Content = append(dn.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: k},
			&yaml.Node{Kind: yaml.ScalarNode, Value: s, Style: yaml.LiteralStyle})
	}
	meta := &yaml.Node{Kind: yaml.MappingNode}
	for _, kv := range [][2]string{{"name", cm.Name}, {"namespace", mesh.NamespaceOf(cm)}} {
		meta.Content = append(meta.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: kv[0]}, &yaml.Node{Kind: yaml.ScalarNode, Value: kv[1]})
	}
	doc := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
		{Kind: yaml.ScalarNode, Value: "apiVersion"}, {Kind: yaml.ScalarNode, Value: "v1"},
		{Kind: yaml.ScalarNode, Value: "kind"}, {Kind: yaml.ScalarNode, Value: "ConfigMap"},
		{Kind: yaml.ScalarNode, Value: "metadata"}, meta,
		{Kind: yaml.ScalarNode, Value: "data"}, dn,
	}}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "expected.yaml"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A ConfigMap that no nginx container of the inputs loads (no workload
// mounts it yet: the webhook sees it before its Deployment) is left alone:
// which of its keys nginx reads, and where, is not known.
func TestMM01LeavesAConfigMapNoNginxLoads(t *testing.T) {
	data, err := os.ReadFile("../../testdata/field-report/host/stack.yaml")
	if err != nil {
		t.Fatal(err)
	}
	objs, _ := load(t, "stack.yaml", data)
	var kept []*manifest.Object
	var cm *manifest.Object
	for _, o := range objs {
		switch {
		case o.Kind == "ConfigMap" && o.Name == "web-nginx-config":
			cm = o
			kept = append(kept, o)
		case o.Kind == "Deployment" && o.Name == "web":
		default:
			kept = append(kept, o)
		}
	}
	m := mesh.Build(kept, validate.Settings(config.Default()))
	if r := mutate.MM01(cm, m); !r.Empty() {
		t.Errorf("MM01 changed a ConfigMap no nginx loads: %+v", r)
	}
}
