package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestDefaults(t *testing.T) {
	c := Default()
	if c.RootNamespace != "istio-system" || c.ClusterDomain != "cluster.local" || !c.AutoMTLS ||
		c.OutboundTrafficPolicy != AllowAny || !c.AllowIgnoreAnnotation {
		t.Fatalf("defaults = %+v", c)
	}
	if !reflect.DeepEqual(c.ServerFirstPorts, []int{3306, 25, 587, 21, 110, 143}) {
		t.Errorf("serverFirstPorts = %v", c.ServerFirstPorts)
	}
	c.ServerFirstImages[0] = "changed"
	if Default().ServerFirstImages[0] == "changed" {
		t.Error("Default shares its lists between calls")
	}
}

const full = `rootNamespace: mesh-root
clusterDomain: example.internal
autoMtls: false
outboundTrafficPolicy: REGISTRY_ONLY
ingressClasses:
  - name: nginx
    controller: k8s.io/ingress-nginx
    meshed: false
    namespace: ingress-nginx
gatewayClasses:
  - name: eg
    controller: gateway.envoyproxy.io/gatewayclass-controller
    meshed: true
    namespace: envoy-gateway-system
serverFirstImages: [mysql, acme/smtpd]
serverFirstPorts: [3306]
assumeInjectedNamespaces: [payments]
rules:
  ML104: {severity: warning}
  ML302: {mode: "off"}
  MM02: {mode: "off"}
  ACME001: {severity: error}
ignores:
  - rule: ML201
    namespace: legacy-*
    file: manifests/**/*.yaml
    reason: legacy nginx is retired next quarter
allowIgnoreAnnotation: false
`

func TestLoadReadsEveryKey(t *testing.T) {
	c, err := parse("m.yaml", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	if c.RootNamespace != "mesh-root" || c.ClusterDomain != "example.internal" || c.AutoMTLS ||
		c.OutboundTrafficPolicy != RegistryOnly || c.AllowIgnoreAnnotation || c.File != "m.yaml" {
		t.Errorf("scalars = %+v", c)
	}
	ic := c.IngressClasses[0]
	if len(c.IngressClasses) != 1 || ic.Meshed == nil || *ic.Meshed || ic.Controller != "k8s.io/ingress-nginx" || ic.Namespace != "ingress-nginx" {
		t.Errorf("ingress class = %+v", ic)
	}
	if !reflect.DeepEqual(c.ServerFirstImages, []string{"mysql", "acme/smtpd"}) || !reflect.DeepEqual(c.ServerFirstPorts, []int{3306}) {
		t.Errorf("a list set in the file must replace the default: %v %v", c.ServerFirstImages, c.ServerFirstPorts)
	}
	if len(c.Rules) != 4 || c.Rules["ML302"].Mode != ModeOff || c.AssumeInjectedNamespaces[0] != "payments" {
		t.Errorf("rules = %+v", c.Rules)
	}
	gc := c.GatewayClasses[0]
	if len(c.GatewayClasses) != 1 || gc.Meshed == nil || !*gc.Meshed || gc.Controller != "gateway.envoyproxy.io/gatewayclass-controller" || gc.Namespace != "envoy-gateway-system" {
		t.Errorf("gateway class = %+v", gc)
	}
	if len(c.Ignores) != 1 || c.Ignores[0].Line != 24 {
		t.Errorf("ignores = %+v", c.Ignores)
	}
}

func TestLoadKeepsDefaultsForOmittedKeys(t *testing.T) {
	for name, doc := range map[string]string{"an empty file": "", "a comment only": "# nothing\n", "one key": "rootNamespace: x\n"} {
		c, err := parse("m.yaml", []byte(doc))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		d := Default()
		if !c.AutoMTLS || c.ClusterDomain != d.ClusterDomain || !reflect.DeepEqual(c.ServerFirstImages, d.ServerFirstImages) {
			t.Errorf("%s: lost defaults: %+v", name, c)
		}
	}
}

func TestLoadErrorsNameFileAndLine(t *testing.T) {
	cases := []struct{ sentence, doc, want string }{
		{"an unknown top-level key", "rootNamespace: a\nautoMTLS: true\n", `m.yaml:2: unknown key "autoMTLS"`},
		{"an unknown nested key", "ingressClasses:\n  - name: a\n    meshd: true\n", `m.yaml:3: unknown key "meshd" in ingressClasses[0]`},
		{"an unknown key under a rule", "rules:\n  ML201:\n    sev: info\n", `m.yaml:3: unknown key "sev" in rules.ML201`},
		{"an ignore without reason", "ignores:\n  - rule: ML201\n    reason: ok\n  - rule: ML101\n", `m.yaml:4: ignores[1]: reason is required`},
		{"an ignore matching everything", "ignores:\n  - reason: why\n", "m.yaml:2: ignores[0]: matches every finding"},
		{"an ignore of an unknown rule", "ignores:\n  - {rule: ML999, reason: x}\n", `m.yaml:2: ignores[0]: unknown rule ID "ML999"`},
		{"a bad glob", "ignores:\n  - {name: 'a[', reason: x}\n", `m.yaml:2: ignores[0]: bad glob "a["`},
		{"a bad outbound policy", "outboundTrafficPolicy: allow_any\n", `m.yaml:1: outboundTrafficPolicy "allow_any": want ALLOW_ANY or REGISTRY_ONLY`},
		{"an unknown catalogue ID", "rules:\n  ML2O1: {mode: \"off\"}\n", `m.yaml:2: rules: unknown rule ID "ML2O1"`},
		{"a bad severity", "rules:\n  ML201: {severity: fatal}\n", `m.yaml:2: rules.ML201.severity "fatal"`},
		{"a bad mode", "rules:\n  ML201: {mode: block}\n", `m.yaml:2: rules.ML201.mode "block": want on, off, enforce or warn`},
		{"a severity on a mutation", "rules:\n  MM01: {severity: error}\n", "m.yaml:2: rules.MM01: a mutation has a mode"},
		{"a wrong type", "autoMtls: maybe\n", "m.yaml:1: cannot unmarshal"},
		{"a bad port", "serverFirstPorts: [3306, 70000]\n", "m.yaml:1: serverFirstPorts: 70000 is not a port"},
		{"an empty root namespace", "\nrootNamespace: ''\n", "m.yaml:2: rootNamespace must not be empty"},
		{"a nameless ingress class", "ingressClasses:\n  - meshed: true\n", "m.yaml:2: ingressClasses[0]: name is required"},
		{"a nameless gateway class", "gatewayClasses:\n  - meshed: true\n", "m.yaml:2: gatewayClasses[0]: name is required"},
		{"a gateway class listed twice", "gatewayClasses:\n  - {name: eg, meshed: true}\n  - {name: eg, meshed: false}\n", `m.yaml:3: gatewayClasses: "eg" listed twice`},
		{"a gateway class that says nothing", "gatewayClasses:\n  - name: eg\n", `m.yaml:2: gatewayClasses[0]: "eg" says nothing`},
		{"an unknown key in a gateway class", "gatewayClasses:\n  - name: eg\n    mesh: true\n", `m.yaml:3: unknown key "mesh" in gatewayClasses[0]`},
		{"a YAML syntax error", "rules: [\n", "m.yaml:1: did not find expected node content"},
		{"a list at the top", "- a\n", "m.yaml:1: the config must be a mapping"},
	}
	for _, tc := range cases {
		_, err := parse("m.yaml", []byte(tc.doc))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.sentence, err, tc.want)
		}
	}
}

func TestLoadReportsEveryErrorInLineOrder(t *testing.T) {
	_, err := parse("m.yaml", []byte("outboundTrafficPolicy: x\nignores:\n  - rule: ML201\n"))
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "m.yaml:1:") || !strings.HasPrefix(lines[1], "m.yaml:3:") {
		t.Errorf("errors = %q", lines)
	}
}

func TestLoadFromDisk(t *testing.T) {
	p := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(p, []byte("clusterDomain: corp.local\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(p)
	if err != nil || c.ClusterDomain != "corp.local" || c.File != p {
		t.Fatalf("Load = %+v, %v", c, err)
	}
	if _, err := Load(p + ".missing"); err == nil || !strings.Contains(err.Error(), "read config") {
		t.Errorf("missing file: %v", err)
	}
}

func TestFindWalksUpward(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if p, ok := Find(deep); ok {
		t.Fatalf("found %s in an empty tree", p)
	}
	for _, dir := range []string{root, filepath.Join(root, "a")} {
		if err := os.WriteFile(filepath.Join(dir, FileName), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if p, ok := Find(deep); !ok || p != filepath.Join(root, "a", FileName) {
		t.Errorf("Find = %s %v, want the nearest one", p, ok)
	}
}
