package admission

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
)

// The scope across namespaces: a hop spans the client's, the server's and
// the namespaces of what routes it (a Gateway and its route, an alias, a
// proxy passing a Host on, a VirtualService of a third namespace), and a
// change in any of them must be evaluated with all of them. Each case
// holds a state and a change; the engine must answer as the exhaustive
// oracle does, which finds the rule the case names (none: it allows).
// Every case failed before the scope followed it.

// crossCase is a state (multi-document YAML), a change (op, the old and
// new objects' texts, "" for none) and the rule the oracle denies it by.
type crossCase struct {
	name     string
	state    string
	op       Operation
	old, new string
	want     string
}

func agreeAcross(t *testing.T, c crossCase) {
	t.Helper()
	var old, nw *manifest.Object
	if c.old != "" {
		old = yamlObject(t, c.old)
	}
	if c.new != "" {
		nw = yamlObject(t, c.new)
	}
	s := storeOf(yamlObjects(t, c.state))
	req := request(t, c.op, old, nw)
	inc, err1 := engine(t, "").Validate(context.Background(), s, req)
	full, err2 := oracle(t).Validate(context.Background(), s, req)
	switch {
	case err1 != nil || err2 != nil:
		t.Fatalf("%s: %v, %v", c.name, err1, err2)
	case c.want == "" && !full.Allowed, c.want != "" && !slices.Contains(full.Errors, c.want):
		t.Errorf("%s: the oracle answers %v %v, want %q", c.name, full.Allowed, full.Errors, c.want)
	case inc.Allowed != full.Allowed || !slices.Equal(inc.Errors, full.Errors):
		t.Errorf("%s: the engine answers %v %v, the oracle %v %v", c.name, inc.Allowed, inc.Errors, full.Allowed, full.Errors)
	}
}

func docs(d ...string) string { return strings.Join(d, "\n---\n") }

func nsDoc(name, labels string) string {
	if labels == "" {
		labels = "{}"
	}
	return "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + name + ", labels: " + labels + "}\n"
}

// app is a Deployment and its Service (port 80 to 8080); extra goes
// under the container.
func app(nsName, name string, extra string) string {
	return deployed(nsName, name, "        - name: "+name+"\n          image: ghcr.io/example/"+name+":1.0.0\n"+
		"          ports: [{containerPort: 8080}]\n"+extra+"\n", "", 8080)
}

// deployed is a Deployment of the container (its lines under
// containers:) and pod lines (under the pod spec), and its Service
// sending port 80 to targetPort.
func deployed(nsName, name, container, pod string, targetPort int) string {
	return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ` + name + `, namespace: ` + nsName + `}
spec:
  selector: {matchLabels: {app: ` + name + `}}
  template:
    metadata: {labels: {app: ` + name + `}}
    spec:
      containers:
` + container + pod + `---
apiVersion: v1
kind: Service
metadata: {name: ` + name + `, namespace: ` + nsName + `}
spec:
  selector: {app: ` + name + `}
  ports: [{name: http, port: 80, targetPort: ` + strconv.Itoa(targetPort) + `}]
`
}

func strictPA(nsName string) string {
	return "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: " + nsName + "}\nspec: {mtls: {mode: STRICT}}\n"
}

// fillers are two meshed namespaces that take the scope's stand-in slots
// (clients.go picks the first injected namespaces by name), so that none
// of a case's namespaces is in the scope by that chance.
func fillers() string {
	return docs(nsDoc("aa", "{istio-injection: enabled}"), app("aa", "x", ""), nsDoc("ab", "{istio-injection: enabled}"), app("ab", "x", ""))
}

// yamlText is the i-th document of a multi-document text.
func yamlText(text string, i int) string {
	var out []string
	for _, d := range strings.Split(text, "\n---\n") {
		if strings.TrimSpace(d) != "" {
			out = append(out, d)
		}
	}
	return out[i]
}

// crossTopology holds the links of the cases in one state, as the
// informers give it: the differential test (incremental_test.go) draws
// its random changes on it too, beside the corpus. Where two cases hold
// one object, the later stands.
func crossTopology(t testing.TB) []*manifest.Object {
	text := docs(gwState(gw("All"), routeToShop, grantShop), egClassParams, envoyProxy("{a: b}"), nsDoc("eg-config", ""),
		nsDoc("edge", "{istio-injection: enabled}"), nsDoc("web", "{istio-injection: enabled}"), nsDoc("ingress-nginx", ""), ingressNginx,
		edgeIngress, nginxWorkload("edge", "edge", edgeConf("$host")), nginxWorkload("web", "web", webConf), app("shop", "api", ""),
		nsDoc("front", "{istio-injection: enabled}"), nsDoc("alias", ""), aliasSvc, frontApp("http://legacy.alias:80"),
		nsDoc("nginx-ingress", ""), f5Base, vsCrossUpstream, vsrShop, shopIngress, ingressSidecar)
	return informed(t, text)
}

// A namespace meshed since the last evaluation of the whole cluster (a
// label added after Warm) is a stand-in all the same: the "*" group of
// clients is in the scope as it is in the cluster.
func TestStandInsHoldANamespaceMeshedSinceWarm(t *testing.T) {
	s := storeOf(informed(t, docs(nsDoc("shop", "{istio-injection: enabled}"), nsDoc("istio-system", ""), app("shop", "api", ""),
		nsDoc("later", ""), app("later", "x", ""))))
	inc, err := New(config.Default(), nil)
	if err == nil {
		err = inc.Warm(context.Background(), s)
	}
	if err != nil {
		t.Fatal(err)
	}
	s.Set(informed(t, strings.Replace(nsDoc("later", "{istio-injection: enabled}"), "{name: later,", "{name: later, resourceVersion: '2',", 1))[0])
	dr := yamlObject(t, `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: shop}
spec: {host: api.shop.svc.cluster.local, trafficPolicy: {tls: {mode: SIMPLE}}}
`)
	req := request(t, Create, nil, dr)
	got, want := verdictText(inc.Validate(context.Background(), s, req)), verdictText(oracle(t).Validate(context.Background(), s, req))
	if !strings.Contains(want, "clients in shop, *") {
		t.Fatalf("the oracle answers:\n%s", want)
	}
	if got != want {
		t.Errorf("the engine answers:\n%s\nthe oracle:\n%s", got, want)
	}
}
