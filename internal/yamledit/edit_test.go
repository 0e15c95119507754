package yamledit

import (
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mutate"
)

// edit loads src as the file x.yaml, applies edits to the object named
// name and returns the new text.
func edit(t *testing.T, src, name string, edits ...mutate.Edit) (string, error) {
	t.Helper()
	res := manifest.LoadBytes("x.yaml", []byte(src), manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatalf("input does not load: %v", res.Errors)
	}
	for _, o := range res.Objects {
		if o.Name == name {
			out, err := Apply("x.yaml", []byte(src), []Target{{Object: o, Edits: edits}})
			return string(out), err
		}
	}
	t.Fatalf("no object %q", name)
	return "", nil
}

func field(value any, path ...string) mutate.Edit {
	return mutate.Edit{Kind: mutate.SetField, Path: path, Value: value}
}

func str(value string, path ...string) mutate.Edit {
	return mutate.Edit{Kind: mutate.SetString, Path: path, Value: value}
}

var inject = []string{"spec", "template", "metadata", "labels", "sidecar.istio.io/inject"}

func TestApply(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sentence string
		src      string
		edits    []mutate.Edit
		want     string
	}{
		{
			"a label joins the existing labels; comments, quoting and order elsewhere stay",
			"# db\nkind: StatefulSet\napiVersion: apps/v1\nmetadata: {name: x}\nspec:\n  template:\n    metadata:\n      labels:\n        app: 'mysql' # the app\n      # annotations below\n    spec:\n      containers: []\n",
			[]mutate.Edit{field("false", inject...)},
			"# db\nkind: StatefulSet\napiVersion: apps/v1\nmetadata: {name: x}\nspec:\n  template:\n    metadata:\n      labels:\n        app: 'mysql' # the app\n        sidecar.istio.io/inject: \"false\"\n      # annotations below\n    spec:\n      containers: []\n",
		},
		{
			"missing parents are created, nested, at the file's own indentation step",
			"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n    name: x\nspec:\n    template:\n        spec:\n            containers: []\n",
			[]mutate.Edit{field("false", inject...)},
			"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n    name: x\nspec:\n    template:\n        spec:\n            containers: []\n        metadata:\n            labels:\n                sidecar.istio.io/inject: \"false\"\n",
		},
		{
			"a list a mutation creates whole is one flow sequence, under a list item",
			"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: x}\nspec:\n  rules:\n  - backendRefs:\n    - name: web\n      port: 80\n",
			[]mutate.Edit{field([]any{map[string]any{"type": "URLRewrite", "urlRewrite": map[string]any{"hostname": "web.blog.svc.cluster.local"}}},
				"spec", "rules", "0", "filters")},
			"apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: x}\nspec:\n  rules:\n  - backendRefs:\n    - name: web\n      port: 80\n    filters: [{type: URLRewrite, urlRewrite: {hostname: web.blog.svc.cluster.local}}]\n",
		},
		{
			"two edits under one missing parent create it once",
			"apiVersion: v1\nkind: X\nmetadata:\n  name: x\nspec:\n  host: h\n",
			[]mutate.Edit{field("ISTIO_MUTUAL", "spec", "trafficPolicy", "tls", "mode"), field("x.example", "spec", "trafficPolicy", "tls", "sni")},
			"apiVersion: v1\nkind: X\nmetadata:\n  name: x\nspec:\n  host: h\n  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n      sni: x.example\n",
		},
		{
			"a flow mapping gets the key before its closing brace",
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: {app: mysql}\n",
			[]mutate.Edit{field("false", "metadata", "labels", "sidecar.istio.io/inject")},
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: {app: mysql, sidecar.istio.io/inject: \"false\"}\n",
		},
		{
			"an empty flow mapping gets its first key",
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: {}\n",
			[]mutate.Edit{field("false", "metadata", "labels", "sidecar.istio.io/inject")},
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: {sidecar.istio.io/inject: \"false\"}\n",
		},
		{
			"a missing parent inside a flow mapping is written in flow style",
			"apiVersion: v1\nkind: Pod\nmetadata: {name: x, annotations: {a: b}}\n",
			[]mutate.Edit{field("false", "metadata", "labels", "sidecar.istio.io/inject")},
			"apiVersion: v1\nkind: Pod\nmetadata: {name: x, annotations: {a: b}, labels: {sidecar.istio.io/inject: \"false\"}}\n",
		},
		{
			"a JSON file written one entry per line gets the key on a line of its own, in JSON",
			"{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"metadata\": {\n    \"name\": \"x\",\n    \"labels\": {\n      \"app\": \"mysql\"\n    }\n  }\n}\n",
			[]mutate.Edit{field("false", "metadata", "labels", "sidecar.istio.io/inject")},
			"{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"metadata\": {\n    \"name\": \"x\",\n    \"labels\": {\n      \"app\": \"mysql\",\n      \"sidecar.istio.io/inject\": \"false\"\n    }\n  }\n}\n",
		},
		{
			"an empty labels: value becomes a mapping",
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\nspec: {}\n",
			[]mutate.Edit{field("false", "metadata", "labels", "sidecar.istio.io/inject")},
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    sidecar.istio.io/inject: \"false\"\nspec: {}\n",
		},
		{
			"a ~ null with a comment loses the ~ and keeps the comment",
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: ~ # none yet\n",
			[]mutate.Edit{field("false", "metadata", "labels", "sidecar.istio.io/inject")},
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: # none yet\n    sidecar.istio.io/inject: \"false\"\n",
		},
		{
			"a CRLF file gets CRLF on its new lines",
			"apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: x\r\n  labels:\r\n    app: db\r\n",
			[]mutate.Edit{field("false", "metadata", "labels", "sidecar.istio.io/inject")},
			"apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: x\r\n  labels:\r\n    app: db\r\n    sidecar.istio.io/inject: \"false\"\r\n",
		},
		{
			"a file without a final line break gets none",
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    app: db",
			[]mutate.Edit{field("false", "metadata", "labels", "sidecar.istio.io/inject")},
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    app: db\n    sidecar.istio.io/inject: \"false\"",
		},
		{
			"a list written at its key's indentation belongs to the entry before the new key",
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: db\n    image: mysql\n  # end of spec\n",
			[]mutate.Edit{field(true, "spec", "hostNetwork")},
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: db\n    image: mysql\n  hostNetwork: true\n  # end of spec\n",
		},
		{
			"a block scalar that ends a mapping stays whole, blank lines and '#' lines included",
			"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |\n    one\n\n    # two\n\n",
			[]mutate.Edit{field("v", "data", "b")},
			"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |\n    one\n\n    # two\n  b: v\n\n",
		},
		{
			"an existing one-line scalar is replaced in place, its comment kept",
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    sidecar.istio.io/inject: \"true\" # keep\n",
			[]mutate.Edit{field("false", "metadata", "labels", "sidecar.istio.io/inject")},
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    sidecar.istio.io/inject: \"false\" # keep\n",
		},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			got, err := edit(t, tc.src, "x", tc.edits...)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

const nginxCM = `apiVersion: v1
kind: ConfigMap
metadata:
  name: x
data:
  # the site
  default.conf: |
      server {
          location /api {
              proxy_pass http://was:8080;
              proxy_set_header Host $host;
          }
      }
  other: keep
`

func TestSetStringOnLiteralBlock(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sentence string
		src      string
		value    string
		want     string
	}{
		{
			"only the changed lines are replaced, at the block's own indentation",
			nginxCM,
			"server {\n    location /api {\n        proxy_pass http://was:8080;\n        proxy_set_header Host was;\n        proxy_set_header X-Forwarded-Host $host;\n    }\n}\n",
			strings.Replace(nginxCM, "Host $host;\n", "Host was;\n              proxy_set_header X-Forwarded-Host $host;\n", 1),
		},
		{
			"dropping the final line break turns clip into strip chomping",
			"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |\n    one\n    two\n",
			"one\nthree",
			"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |-\n    one\n    three\n",
		},
		{
			"an indentation indicator is kept, and lines that start with spaces stay right",
			"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |2\n      indented\n    flush\n",
			"  indented\nflush\nadded\n",
			"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |2\n      indented\n    flush\n    added\n",
		},
		{
			"a new first line that starts with a space gets an indentation indicator",
			"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |\n    one\n",
			"  one\n",
			"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |2\n      one\n",
		},
		{
			"a CRLF block gets CRLF on its new lines",
			"apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: x\r\ndata:\r\n  a: |\r\n    one\r\n    two\r\n",
			"one\nnew\ntwo\n",
			"apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: x\r\ndata:\r\n  a: |\r\n    one\r\n    new\r\n    two\r\n",
		},
		{
			"a double-quoted string becomes a literal block, its comment moved to the header",
			"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: \"one\\ntwo\\n\" # conf\n  b: c\n",
			"one\nthree\n",
			"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: | # conf\n    one\n    three\n  b: c\n",
		},
		{
			"a folded block becomes a literal block",
			"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: >-\n    one\n    two\n  b: c\n",
			"one\ntwo",
			"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |-\n    one\n    two\n  b: c\n",
		},
		{
			"a string in a JSON file stays a JSON string",
			"{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"x\"}, \"data\": {\"a\": \"one\\n\"}}\n",
			"one\ntwo\n",
			"{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"x\"}, \"data\": {\"a\": \"one\\ntwo\\n\"}}\n",
		},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			key := "a"
			if strings.Contains(tc.src, "default.conf") {
				key = "default.conf"
			}
			got, err := edit(t, tc.src, "x", str(tc.value, "data", key))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

func TestOnlyTheObjectsDocumentChanges(t *testing.T) {
	t.Parallel()
	src := "# first\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels:\n    app: a\n---\n# second\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  labels:\n    app: b\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: c\n    labels: {app: c}\n"
	got, err := edit(t, src, "b", field("false", "metadata", "labels", "sidecar.istio.io/inject"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(src, "    app: b\n", "    app: b\n    sidecar.istio.io/inject: \"false\"\n", 1)
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	got, err = edit(t, src, "c", field("false", "metadata", "labels", "sidecar.istio.io/inject"))
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Replace(src, "{app: c}", "{app: c, sidecar.istio.io/inject: \"false\"}", 1); got != want {
		t.Errorf("List item: got:\n%s\nwant:\n%s", got, want)
	}
}

func TestRefusesWhatItCannotEditExactly(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sentence string
		src      string
		edit     mutate.Edit
		err      string
	}{
		{
			"labels shared through an anchor",
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: &l\n    app: db\n  annotations: *l\n",
			field("false", "metadata", "labels", "sidecar.istio.io/inject"),
			"anchor",
		},
		{
			"labels that are an alias",
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  annotations: &l\n    app: db\n  labels: *l\n",
			field("false", "metadata", "labels", "sidecar.istio.io/inject"),
			"alias",
		},
		{
			"a key that only a merge provides",
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  annotations: &l {a: b}\nspec:\n  <<: {labels: {app: db}}\n",
			field("false", "spec", "labels", "x"),
			"merges",
		},
		{
			"a list item that does not exist",
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: []\n",
			field("x", "spec", "containers", "0", "name"),
			"no list item 0",
		},
		{
			"a field under a scalar",
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec: text\n",
			field("x", "spec", "containers"),
			"spec is a scalar",
		},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			out, err := edit(t, tc.src, "x", tc.edit)
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err = %v, want one containing %q (output %q)", err, tc.err, out)
			}
		})
	}
}

func TestKeepsAByteOrderMark(t *testing.T) {
	t.Parallel()
	src := "\xEF\xBB\xBFapiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n"
	got, err := edit(t, src, "x", field("false", "metadata", "labels", "sidecar.istio.io/inject"))
	if err != nil {
		t.Fatal(err)
	}
	if want := src + "  labels:\n    sidecar.istio.io/inject: \"false\"\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
