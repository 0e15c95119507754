package manifest

import "testing"

func TestQuoteName(t *testing.T) {
	cases := []struct{ sentence, name, want string }{
		{"a plain name stays", "deploy/web.yaml", "deploy/web.yaml"},
		{"spaces and letters beyond ASCII stay", "mes manifests/café.yaml", "mes manifests/café.yaml"},
		{"a newline is quoted", "a\nb.yaml", `"a\nb.yaml"`},
		{"a tab and an escape sequence are quoted", "a\t\x1b[31m.yaml", `"a\t\x1b[31m.yaml"`},
		{"a name that starts with a quote is quoted, so it reads back", `"x.yaml`, `"\"x.yaml"`},
	}
	for _, tc := range cases {
		if got := QuoteName(tc.name); got != tc.want {
			t.Errorf("%s: QuoteName(%q) = %s, want %s", tc.sentence, tc.name, got, tc.want)
		}
	}
	if got := (&Error{File: "a\nb.yaml", Line: 3, Msg: "bad"}).Error(); got != `"a\nb.yaml":3: bad` {
		t.Errorf("Error() = %s", got)
	}
}
