package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/webhook"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		err   string // substring; "" for none
		check func(t *testing.T, o webhook.Options)
	}{
		{name: "no flags give the documented defaults", check: func(t *testing.T, o webhook.Options) {
			if o.Port != 9443 || o.MetricsAddr != ":8080" || o.ProbeAddr != ":8081" || !o.Mutate ||
				o.MaxBodyBytes != 7<<20 || o.ShutdownTimeout != 30*time.Second || o.GenerateDestinationRules || o.LeaderElect {
				t.Errorf("%+v", o)
			}
		}},
		{name: "the flags the end-to-end suite passes are taken",
			args: []string{"--kubeconfig", "/k", "--cert-dir", "/c", "--port", "10443", "--health-probe-bind-address", "127.0.0.1:1",
				"--metrics-bind-address", "127.0.0.1:2", "--config", "/m.yaml", "--generate-destination-rules"},
			check: func(t *testing.T, o webhook.Options) {
				if o.Kubeconfig != "/k" || o.CertDir != "/c" || o.Port != 10443 || o.ProbeAddr != "127.0.0.1:1" ||
					o.MetricsAddr != "127.0.0.1:2" || o.ConfigFile != "/m.yaml" || !o.GenerateDestinationRules {
					t.Errorf("%+v", o)
				}
			}},
		{name: "--version is asked for, with the build's identity", args: []string{"--version"}, err: "version printed",
			check: func(t *testing.T, o webhook.Options) {
				if o.Build.Version != "dev" || o.Build.Commit != "none" || o.Build.GoVersion == "" {
					t.Errorf("build %+v", o.Build)
				}
			}},
		{name: "--no-mutate turns mutation off", args: []string{"--no-mutate"},
			check: func(t *testing.T, o webhook.Options) {
				if o.Mutate {
					t.Error("mutate on")
				}
			}},
		{name: "--mutate=false turns mutation off", args: []string{"--mutate=false"},
			check: func(t *testing.T, o webhook.Options) {
				if o.Mutate {
					t.Error("mutate on")
				}
			}},
		{name: "--mutate and --no-mutate together are refused", args: []string{"--mutate", "--no-mutate"}, err: "contradict"},
		{name: "--policy repeats", args: []string{"--policy", "a", "--policy", "b"},
			check: func(t *testing.T, o webhook.Options) {
				if !slices.Equal(o.PolicyDirs, []string{"a", "b"}) {
					t.Errorf("%q", o.PolicyDirs)
				}
			}},
		{name: "the generator's flags are taken",
			args: []string{"--generate-destination-rules", "--leader-elect", "--leader-election-namespace", "meshlint", "--strict-decoding", "--forbid-ignore-annotation"},
			check: func(t *testing.T, o webhook.Options) {
				if !o.GenerateDestinationRules || !o.LeaderElect || o.LeaderElectionNamespace != "meshlint" || !o.StrictDecoding || !o.ForbidIgnoreAnnotation {
					t.Errorf("%+v", o)
				}
			}},
		{name: "the limits' flags are taken",
			args: []string{"--deadline-margin", "250ms", "--deadline-answer", "deny", "--max-evaluations", "3", "--max-connections", "40",
				"--max-scope-objects", "100", "--max-scope-configmap-bytes", "2048"},
			check: func(t *testing.T, o webhook.Options) {
				if o.DeadlineMargin != 250*time.Millisecond || o.DeadlineAnswer != "deny" || o.MaxEvaluations != 3 || o.MaxConnections != 40 ||
					o.Budget.MaxObjects != 100 || o.Budget.MaxTextBytes != 2048 {
					t.Errorf("%+v", o)
				}
			}},
		{name: "an unknown deadline answer is refused", args: []string{"--deadline-answer", "maybe"}, err: `--deadline-answer "maybe": want one of failure-policy, deny, allow`},
		{name: "no evaluation slot is refused", args: []string{"--max-evaluations", "0"}, err: "--max-evaluations must be at least 1"},
		{name: "a margin as long as the longest timeout is refused", args: []string{"--deadline-margin", "30s"}, err: "--deadline-margin must be at least 0 and under 30s"},
		{name: "a body limit that is not positive is refused", args: []string{"--max-body-bytes", "0"}, err: "--max-body-bytes must be positive"},
		{name: "a port out of range is refused", args: []string{"--port", "70000"}, err: "is not a port"},
		{name: "an unknown flag is refused", args: []string{"--mutating"}, err: "flag provided but not defined: -mutating"},
		{name: "arguments are refused", args: []string{"serve"}, err: "unexpected arguments: serve"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o, _, err := parseFlags(tc.args)
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("error: %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("error %v, want %q", err, tc.err)
			case tc.check != nil:
				tc.check(t, o)
			}
		})
	}
}
