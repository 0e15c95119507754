package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func sample() *Report {
	return &Report{Objects: 23, Findings: []finding.Finding{
		{Rule: "ML106", Name: "peer-authentication-ignored", Severity: finding.Warning,
			Object:  manifest.Ref{APIVersion: "security.istio.io/v1", Kind: "PeerAuthentication", Namespace: "istio-system", Name: "web-strict"},
			File:    "manifests/mesh.yaml",
			Message: "a selector policy in the root namespace is ignored"},
		{Rule: "ML201", Name: "host-header-passthrough", Severity: finding.Error,
			Object: manifest.Ref{APIVersion: "v1", Kind: "ConfigMap", Namespace: "blog-system", Name: "web-nginx-config"},
			File:   "manifests/web.yaml", Line: 14,
			Message:     "nginx sends Host $host to was-service:8080: the sidecar routes it to PassthroughCluster (no mTLS, no telemetry)",
			Remediation: "in location /api/ set:\n  proxy_set_header Host was-service;\n  proxy_set_header X-Forwarded-Host $host;",
			Related:     []manifest.Ref{{APIVersion: "v1", Kind: "Service", Namespace: "blog-system", Name: "was-service"}}},
		{Rule: "ML302", Name: "service-port-protocol-undeclared", Severity: finding.Info,
			Object: manifest.Ref{APIVersion: "v1", Kind: "Service", Namespace: "blog-system", Name: "web-service"},
			File:   "manifests/web.yaml", Line: 40,
			Message: "port 80 declares no protocol: Istio sniffs it", Remediation: "name the port http-web"},
	}, Suppressed: sampleSuppressed()}
}

// sampleSuppressed is what a config ignore and an ignore annotation
// waived in sample's run.
func sampleSuppressed() []finding.Suppressed {
	was := manifest.Ref{APIVersion: "v1", Kind: "Service", Namespace: "blog-system", Name: "was-service"}
	mysql := manifest.Ref{APIVersion: "networking.istio.io/v1", Kind: "DestinationRule", Namespace: "blog-system", Name: "mysql"}
	return []finding.Suppressed{
		{Finding: finding.Finding{Rule: "ML302", Name: "service-port-protocol-undeclared", Severity: finding.Info,
			Object: was, File: "manifests/was.yaml", Line: 9, Message: "port 8080 declares no protocol: Istio sniffs it",
			Remediation: "name the port http-was", Related: []manifest.Ref{}},
			By: finding.ByConfig, File: ".meshlint.yaml", Line: 12, Reason: "ports are named by the chart"},
		{Finding: finding.Finding{Rule: "ML103", Name: "istio-mutual-to-unmeshed-workload", Severity: finding.Error,
			Object: mysql, File: "manifests/mysql.yaml", Line: 30, Message: "mysql runs out of the mesh"},
			By: finding.ByAnnotation, File: "manifests/mysql.yaml", Line: 25},
	}
}

// cluster is a run against a live cluster: no files or lines, a user rule
// (ACME001, Rego loaded with --policy), two findings of one rule on one
// object, an object that passes every rule, and an input error that is not
// a *manifest.Error.
func cluster() *Report {
	pa := manifest.Ref{APIVersion: "security.istio.io/v1", Kind: "PeerAuthentication", Namespace: "istio-system", Name: "web-strict"}
	dr := manifest.Ref{APIVersion: "networking.istio.io/v1", Kind: "DestinationRule", Namespace: "blog-system", Name: "was"}
	ns := manifest.Ref{APIVersion: "v1", Kind: "Namespace", Name: "blog-system"}
	svc := manifest.Ref{APIVersion: "v1", Kind: "Service", Namespace: "blog-system", Name: "was-service"}
	return &Report{Objects: 4,
		Linted: []Linted{{Ref: ns}, {Ref: pa}, {Ref: svc}, {Ref: dr}},
		Rules:  []string{"ACME001", "ML102", "ML106"},
		Errors: []error{errors.New("list security.istio.io/v1 AuthorizationPolicy: forbidden")},
		Findings: []finding.Finding{
			{Rule: "ACME001", Name: "team-label-required", Severity: finding.Warning, Object: ns,
				Message: "namespace has no label team, so alerts reach nobody"},
			{Rule: "ML102", Name: "plaintext-to-strict-workload", Severity: finding.Error, Object: dr,
				Message:     "port 8080: tls.mode DISABLE towards a STRICT port",
				Remediation: "set trafficPolicy.tls.mode ISTIO_MUTUAL", Related: []manifest.Ref{pa, svc}},
			{Rule: "ML102", Name: "plaintext-to-strict-workload", Severity: finding.Warning, Object: dr,
				Message:     "port 9090: tls.mode SIMPLE towards a STRICT port",
				Remediation: "set trafficPolicy.tls.mode ISTIO_MUTUAL"},
			{Rule: "ML106", Name: "peer-authentication-ignored", Severity: finding.Warning, Object: pa,
				Message: "a selector policy in the root namespace is ignored"},
		},
		Suppressed: []finding.Suppressed{{Finding: finding.Finding{Rule: "ACME001", Name: "team-label-required",
			Severity: finding.Warning, Object: svc, Message: "service has no label team"},
			By: finding.ByAnnotation}}}
}

// empty found nothing, but could not read one file, and two inputs were
// not what they looked like (input notices).
func empty() *Report {
	return &Report{Objects: 3, Errors: []error{&manifest.Error{File: "bad.yaml", Line: 2, Msg: "mapping values are not allowed"}},
		Notices: []Notice{{File: "svc.yaml", Line: 1, Msg: "missing kind: not a Kubernetes object"},
			{File: "empty/", Msg: "no Kubernetes object in this path"}}}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func render(t *testing.T, format string, r *Report) []byte {
	t.Helper()
	f, err := New(format, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Format(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, format := range Formats {
		golden(t, format+".golden", render(t, format, sample()))
		golden(t, format+"-empty.golden", render(t, format, empty()))
		golden(t, format+"-cluster.golden", render(t, format, cluster()))
	}
}

func TestJSONKeysAreTheContract(t *testing.T) {
	var doc struct {
		Findings []map[string]json.RawMessage `json:"findings"`
		Summary  map[string]int               `json:"summary"`
	}
	if err := json.Unmarshal(render(t, "json", sample()), &doc); err != nil {
		t.Fatal(err)
	}
	want := "file line message name object related remediation rule severity"
	for _, f := range doc.Findings {
		if got := keys(f); got != want {
			t.Errorf("finding keys = %s", got)
		}
		if string(f["related"]) == "null" {
			t.Error("related is null, want []")
		}
	}
	if !reflect.DeepEqual(doc.Summary, map[string]int{"error": 1, "warning": 1, "info": 1, "objects": 23}) {
		t.Errorf("summary = %v", doc.Summary)
	}
}

func keys(m map[string]json.RawMessage) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, " ")
}

func TestTextColorsOnlyWhenAsked(t *testing.T) {
	var b strings.Builder
	writeFinding(&b, painter(true), sample().Findings[1])
	if !strings.Contains(b.String(), red+"ERROR  "+reset) {
		t.Errorf("no color with painter on: %q", b.String())
	}
	// A regular file is not a terminal: no escape codes even without NoColor.
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := (&Text{}).Format(f, sample()); err != nil {
		t.Fatal(err)
	}
	out, _ := os.ReadFile(f.Name())
	if bytes.Contains(out, []byte("\x1b[")) {
		t.Error("escape codes written to a file")
	}
}

func TestUnknownFormat(t *testing.T) {
	_, err := New("xml", Options{})
	if err == nil || !strings.Contains(err.Error(), `"xml"`) {
		t.Fatalf("New(xml) = %v", err)
	}
	for _, name := range Formats {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not list %s", err, name)
		}
	}
}

func TestEveryFormatIsRegistered(t *testing.T) {
	for _, name := range Formats {
		if _, err := New(name, Options{}); err != nil {
			t.Errorf("New(%s): %v", name, err)
		}
	}
}
