package mesh

import (
	"reflect"
	"testing"
)

// Cases follow spf13/pflag flag.go (parseArgs, parseLongArg) as the
// ingress-nginx controller uses it: flags.Parse(os.Args).
func TestParseFlags(t *testing.T) {
	tests := []struct {
		name string
		argv []string
		want map[string]string
	}{
		{"--name=value", []string{"/nginx-ingress-controller", "--ingress-class=a"}, map[string]string{"ingress-class": "a"}},
		{"--name value takes the next argument", []string{"--ingress-class", "a", "--watch-namespace", "ns"},
			map[string]string{"ingress-class": "a", "watch-namespace": "ns"}},
		{"a boolean flag alone is true and does not take the next argument",
			[]string{"--update-status", "--ingress-class=a"}, map[string]string{"update-status": "true", "ingress-class": "a"}},
		{"a later occurrence wins", []string{"--ingress-class=a", "--ingress-class=b"}, map[string]string{"ingress-class": "b"}},
		{"a single dash is no long flag", []string{"-ingress-class=a"}, map[string]string{}},
		{"-- ends the flags", []string{"--ingress-class=a", "--", "--ingress-class=b"}, map[string]string{"ingress-class": "a"}},
		{"the controller's arguments start after its program behind dumb-init --",
			[]string{"/usr/bin/dumb-init", "--", "/nginx-ingress-controller", "--ingress-class", "a"},
			map[string]string{"ingress-class": "a"}},
		{"quotes are part of the value, as the kubelet passes them",
			[]string{`--ingress-class="a"`}, map[string]string{"ingress-class": `"a"`}},
		{"a value flag at the end with no value is not set", []string{"--ingress-class"}, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseFlags(tt.argv); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseFlags(%q) = %v, want %v", tt.argv, got, tt.want)
			}
		})
	}
}

// strconv.ParseBool, as ingress-nginx's parser/main.go parseBool.
func TestAnnBool(t *testing.T) {
	for v, want := range map[string]bool{"true": true, "True": true, "TRUE": true, "t": true, "1": true,
		"false": false, "yes": false, "on": false, "": false, " true": false} {
		in := &Ingress{AnnPrefix: defaultAnnPrefix, annotations: map[string]string{defaultAnnPrefix + "/service-upstream": v}}
		if got := in.annBool("service-upstream"); got != want {
			t.Errorf("service-upstream %q = %v, want %v", v, got, want)
		}
	}
}
