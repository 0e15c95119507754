package mutate

import (
	"reflect"
	"strings"
	"testing"
)

func TestApplyEdits(t *testing.T) {
	t.Parallel()
	body := func() map[string]any {
		return map[string]any{"metadata": map[string]any{"labels": nil}, "spec": map[string]any{
			"containers": []any{map[string]any{"name": "db"}}, "trafficPolicy": map[string]any{"tls": map[string]any{"sni": "x"}}},
			"data": map[string]any{"nginx.conf": "old\n"}}
	}
	cases := []struct {
		sentence string
		edit     Edit
		check    func(map[string]any) bool
		err      string
	}{
		{"SetField creates missing maps and fills a null one",
			Edit{SetField, []string{"metadata", "labels", "sidecar.istio.io/inject"}, "false"},
			func(b map[string]any) bool {
				return mapAt(b, "metadata", "labels")["sidecar.istio.io/inject"] == "false"
			}, ""},
		{"SetField merges a map into an existing map",
			Edit{SetField, []string{"spec", "trafficPolicy"}, map[string]any{"tls": map[string]any{"mode": "ISTIO_MUTUAL"}}},
			func(b map[string]any) bool {
				return reflect.DeepEqual(mapAt(b, "spec", "trafficPolicy", "tls"), map[string]any{"sni": "x", "mode": "ISTIO_MUTUAL"})
			}, ""},
		{"SetField reaches into a list item",
			Edit{SetField, []string{"spec", "containers", "0", "image"}, "mysql:8"},
			func(b map[string]any) bool {
				return mapAt(asMap(listAt(b, "spec", "containers")[0]))["image"] == "mysql:8"
			}, ""},
		{"SetString replaces a string",
			Edit{SetString, []string{"data", "nginx.conf"}, "new\n"},
			func(b map[string]any) bool { return mapAt(b, "data")["nginx.conf"] == "new\n" }, ""},
		{"SetString does not create what is missing", Edit{SetString, []string{"data", "other"}, "x"}, nil, "no string to replace"},
		{"a list item is never created", Edit{SetField, []string{"spec", "containers", "1", "name"}, "x"}, nil, "containers.1 does not exist"},
		{"a field under a string fails", Edit{SetField, []string{"data", "nginx.conf", "x"}, "y"}, nil, "not a map or list"},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			in := body()
			out, err := ApplyEdits(in, []Edit{tc.edit})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || !tc.check(out) {
				t.Fatalf("got %v, %v", out, err)
			}
			if !reflect.DeepEqual(in, body()) {
				t.Error("the input body was changed")
			}
		})
	}
}
