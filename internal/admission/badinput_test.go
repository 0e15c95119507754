package admission

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// Bad requests get an error wrapping ErrBadObject that says what is wrong,
// from both Validate and Mutate, and never a panic.
func TestBadObjects(t *testing.T) {
	final := load(t, finalStack)
	cm := find(t, final, nginxConfig)
	renamed := edited(t, cm, func(b map[string]any) { b["metadata"].(map[string]any)["name"] = "other" })
	cmReq := func(op Operation, obj, old string) Request {
		r := Request{Operation: op, Kind: "ConfigMap", Namespace: "blog-system", Name: "web-nginx-config"}
		if obj != "" {
			r.Object = []byte(obj)
		}
		if old != "" {
			r.OldObject = []byte(old)
		}
		return r
	}
	good := string(jsonOf(t, cm))
	cases := []struct {
		sentence string
		req      Request
		want     string
	}{
		{"malformed JSON", cmReq(Create, `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {`, ""), "object.json:1:"},
		{"JSON that is not an object", cmReq(Create, `[1, 2]`, ""), "top-level JSON array"},
		{"an object without apiVersion and kind", cmReq(Create, `{"metadata": {"name": "x"}}`, ""), "missing apiVersion and kind"},
		{"a CREATE without object", cmReq(Create, "", ""), "CREATE ConfigMap without object"},
		{"a CREATE whose object is null", cmReq(Create, "null", ""), "CREATE ConfigMap without object"},
		{"a DELETE without oldObject", cmReq(Delete, "", ""), "DELETE ConfigMap without oldObject"},
		{"a malformed oldObject", cmReq(Update, good, `{"kind": `), "oldObject.json:1:"},
		{"an UPDATE that renames the object", cmReq(Update, string(jsonOf(t, renamed)), good), "differ in kind, namespace or name"},
		{"invalid UTF-8", cmReq(Create, "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"data\": {\"a\": \"\xff\"}}", ""), "object.json"},
		{"a List of two objects", Request{Operation: Create, Object: []byte(`{"apiVersion": "v1", "kind": "List", "items": [` + good + "," + good + `]}`)}, "holds 2 objects"},
		{"nesting past any sane depth", cmReq(Create, strings.Repeat("[", 100000)+strings.Repeat("]", 100000), ""), "object.json"},
	}
	e, s := engine(t, ""), storeOf(final)
	for _, tc := range cases {
		_, err := e.Validate(context.Background(), s, tc.req)
		if !errors.Is(err, ErrBadObject) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Validate error %v, want ErrBadObject and %q", tc.sentence, err, tc.want)
		}
		if tc.req.Operation == Delete {
			continue
		}
		if _, err := e.Mutate(context.Background(), s, tc.req); !errors.Is(err, ErrBadObject) {
			t.Errorf("%s: Mutate error %v, want ErrBadObject", tc.sentence, err)
		}
	}
}

func TestACancelledRequestIsAnError(t *testing.T) {
	final, host := load(t, finalStack), load(t, hostStack)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := engine(t, "").Validate(ctx, storeOf(final), request(t, Update, find(t, final, nginxConfig), find(t, host, nginxConfig)))
	if err == nil || errors.Is(err, ErrBadObject) {
		t.Errorf("a cancelled evaluation: %v", err)
	}
}

// FuzzValidate feeds arbitrary bytes as the object of a CREATE and an
// UPDATE: an answer or an error, never a panic.
func FuzzValidate(f *testing.F) {
	final := load(f, finalStack)
	for _, o := range final {
		f.Add(jsonOf(f, o))
	}
	for _, s := range []string{"", "null", "{}", "[]", `{"apiVersion":"v1","kind":"ConfigMap","data":{"a":"server {"}}`,
		`{"apiVersion":"v1","kind":"Service","metadata":{"name":1}}`, `{"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","spec":{"host":["x"]}}`} {
		f.Add([]byte(s))
	}
	e, s := engine(f, ""), storeOf(final)
	old := jsonOf(f, find(f, final, nginxConfig))
	f.Fuzz(func(t *testing.T, obj []byte) {
		for _, req := range []Request{
			{Operation: Create, Namespace: "blog-system", Name: "web-nginx-config", Object: obj},
			{Operation: Update, Kind: "ConfigMap", Namespace: "blog-system", Name: "web-nginx-config", Object: obj, OldObject: old},
		} {
			v, err := e.Validate(context.Background(), s, req)
			if err == nil && !v.Allowed && v.Message == "" {
				t.Errorf("denied without a message: %+v", v)
			}
			if _, err := e.Mutate(context.Background(), s, req); err != nil && !errors.Is(err, ErrBadObject) {
				t.Errorf("Mutate: %v", err)
			}
		}
	})
}
