package admission

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
)

// The field report's traps at kubectl apply time: each case is the cluster
// state (a Store), one request, and the verdict.

const (
	nginxConfig  = "ConfigMap/blog-system/web-nginx-config"
	namespacePA  = "PeerAuthentication/blog-system/default"
	meshWidePA   = "PeerAuthentication/istio-system/default"
	blogNS       = "Namespace/blog-system"
	webService   = "Service/blog-system/web-service"
	ignoreKey    = "meshlint.io/ignore"
	hostRemedy   = "proxy_set_header Host was-service;"
	deleteStamp  = "2026-01-01T00:00:00Z"
	strictRemedy = "PERMISSIVE"
	allowIgnores = "webhook: {allowIgnoreAnnotation: true}\n"
)

type validateCase struct {
	sentence string
	config   string
	state    []*manifest.Object
	req      Request
	allowed  bool
	errors   []string // rule IDs that deny, in any order
	warnings []string // rule IDs (or text) each some warning starts with
	message  []string // texts the denial holds
	skipped  bool
}

func TestValidate(t *testing.T) {
	final, strict, host := load(t, finalStack), load(t, strictStack), load(t, hostStack)
	goodCM, hostCM := find(t, final, nginxConfig), find(t, host, nginxConfig)
	meshStrict := replaced(t, final, meshWidePA, func(b map[string]any) { b["spec"] = map[string]any{"mtls": map[string]any{"mode": "STRICT"}} })
	optedOut := replaced(t, final, blogNS, label(config.DefaultOptOutLabel, "true"))
	ignoredHost := edited(t, hostCM, annotation(ignoreKey, "ML201,ML401"))
	hostState := host
	ignoredState := replaced(t, host, nginxConfig, annotation(ignoreKey, "ML201, ML401"))
	terminatingNS := replaced(t, meshStrict, blogNS, func(b map[string]any) { b["status"] = map[string]any{"phase": "Terminating"} })
	brokenNginx := edited(t, goodCM, func(b map[string]any) {
		b["data"].(map[string]any)["default.conf"] = "server { location / { proxy_pass http://was-service:8080; }"
	})
	hostUpdate := request(t, Update, goodCM, hostCM)
	dryRun := hostUpdate
	dryRun.DryRun = true

	cases := []validateCase{
		{sentence: "a STRICT PeerAuthentication created behind the unmeshed ingress is denied with ML101 and its fix",
			state: without(t, final, namespacePA), req: request(t, Create, nil, find(t, strict, namespacePA)),
			errors: []string{"ML101"}, message: []string{"ML101: " + namespacePA + " makes port 80", "502", "\n  Fix: ", strictRemedy, "\n  More: meshlint explain ML101, https://"}},
		{sentence: "a PERMISSIVE namespace policy turned STRICT is denied the same way",
			state: final, req: request(t, Update, find(t, final, namespacePA), find(t, strict, namespacePA)),
			errors: []string{"ML101"}, message: []string{"ML101"}},
		{sentence: "the nginx ConfigMap updated to Host $host is denied with ML201, the 403 it causes (ML401) and the fix",
			state: final, req: hostUpdate,
			errors: []string{"ML201", "ML401"}, message: []string{"ML201: Deployment/blog-system/web proxies", "PassthroughCluster", "\n  Fix: ", hostRemedy, "\nML401: AuthorizationPolicy/blog-system/was-allow-web admits only"}},
		{sentence: "the nginx ConfigMap created with Host $host is denied",
			state: without(t, final, nginxConfig), req: request(t, Create, nil, hostCM),
			errors: []string{"ML201", "ML401"}},
		{sentence: "a server-side dry-run gets the same verdict",
			state: final, req: dryRun,
			errors: []string{"ML201", "ML401"}, message: []string{hostRemedy}},
		{sentence: "deleting the namespace PERMISSIVE policy under a mesh-wide STRICT one is denied",
			state: meshStrict, req: request(t, Delete, find(t, meshStrict, namespacePA), nil),
			errors: []string{"ML101"}, message: []string{"ML101: a PeerAuthentication in another namespace makes port 80", strictRemedy}},
		{sentence: "deleting it while the namespace is being deleted is allowed unevaluated",
			state: terminatingNS, req: request(t, Delete, find(t, meshStrict, namespacePA), nil),
			allowed: true, skipped: true},
		{sentence: "deleting the Service that a DestinationRule and a VirtualService name warns with ML501 and ML502",
			state: final, req: request(t, Delete, find(t, final, "Service/blog-system/was-service"), nil),
			allowed: true, warnings: []string{"ML501: " + wasDR + " has host", "ML502: "}},
		{sentence: "an nginx config that does not parse is allowed with a warning naming the problem under webhook.unjudgeable: warn",
			config: "webhook: {unjudgeable: warn}\n", state: final, req: request(t, Update, goodCM, brokenNginx),
			allowed: true, warnings: []string{"meshlint cannot read " + nginxConfig + ": nginx config in data.default.conf: "}},
		{sentence: "a label change on another object beside an existing violation is allowed, without warnings",
			state: hostState, req: request(t, Update, find(t, host, webService), edited(t, find(t, host, webService), label("tier", "front"))),
			allowed: true},
		{sentence: "a label change on the violating object itself is allowed: its violation is not new",
			state: hostState, req: request(t, Update, hostCM, edited(t, hostCM, label("tier", "front"))),
			allowed: true},
		{sentence: "creating the Ingress in front of an existing Host $host violation is allowed, though it rewords it",
			state: without(t, host, "Ingress/blog-system/blog"), req: request(t, Create, nil, find(t, host, "Ingress/blog-system/blog")),
			allowed: true},
		{sentence: "a rule in warn mode answers its new error with a warning",
			config: "rules:\n  ML201: {mode: warn}\n  ML401: {mode: warn}\n", state: final, req: hostUpdate,
			allowed: true, warnings: []string{"ML201: Deployment/blog-system/web proxies", "ML401: "}},
		{sentence: "a rule in warn mode beside one enforced still denies, with the other as a warning",
			config: "rules:\n  ML401: {mode: warn}\n", state: final, req: hostUpdate,
			errors: []string{"ML201"}, warnings: []string{"ML401: "}},
		{sentence: "a rule explicitly enforced denies",
			config: "rules:\n  ML201: {mode: enforce}\n  ML401: {mode: \"on\"}\n", state: final, req: hostUpdate,
			errors: []string{"ML201", "ML401"}},
		{sentence: "rules off are neither errors nor warnings",
			config: "rules:\n  ML201: {mode: \"off\"}\n  ML401: {mode: \"off\"}\n", state: final, req: hostUpdate,
			allowed: true},
		{sentence: "a rule turned to a warning by severity comes back as a warning",
			config: "rules:\n  ML201: {severity: warning}\n  ML401: {severity: info}\n", state: final, req: hostUpdate,
			allowed: true, warnings: []string{"ML201: "}},
		{sentence: "a namespace with the opt-out label is not evaluated",
			state: optedOut, req: request(t, Update, goodCM, hostCM), allowed: true, skipped: true},
		{sentence: "the opt-out label of another config's key does not count",
			config: "webhook: {optOutLabel: example.com/skip}\n", state: optedOut, req: hostUpdate,
			errors: []string{"ML201", "ML401"}},
		{sentence: "a Namespace labelled to opt out is itself allowed",
			state: final, req: request(t, Update, find(t, final, blogNS), find(t, optedOut, blogNS)), allowed: true, skipped: true},
		{sentence: "the ignore annotation on the object under review suppresses its rules when the webhook's config allows it",
			config: allowIgnores, state: final, req: request(t, Update, goodCM, ignoredHost), allowed: true},
		{sentence: "the ignore annotation is refused when the config forbids it",
			config: "allowIgnoreAnnotation: false\n" + allowIgnores, state: final, req: request(t, Update, goodCM, ignoredHost),
			errors: []string{"ML201", "ML401"}},
		{sentence: "the ignore annotation names only some rules: the others still deny",
			config: allowIgnores, state: final, req: request(t, Update, goodCM, edited(t, hostCM, annotation(ignoreKey, "ML201"))),
			errors: []string{"ML401"}},
		{sentence: "removing the ignore annotation from a violating object reveals the violation",
			config: allowIgnores, state: ignoredState, req: request(t, Update, find(t, ignoredState, nginxConfig), hostCM),
			errors: []string{"ML201"}},
		{sentence: "a kind meshlint does not read is allowed before its object is decoded",
			state: final, req: Request{Operation: Create, Kind: "Secret", Namespace: "blog-system", Name: "s", Object: []byte("not even JSON")},
			allowed: true, skipped: true},
		{sentence: "a known kind name in an API group meshlint does not read is allowed",
			state: final, req: Request{Operation: Create, Kind: "Service", Namespace: "blog-system", Name: "knative",
				Object: []byte(`{"apiVersion":"serving.knative.dev/v1","kind":"Service","metadata":{"name":"knative","namespace":"blog-system"}}`)},
			allowed: true, skipped: true},
		{sentence: "an update of an object being deleted (finalizers removed) is allowed",
			state: final, req: request(t, Update, goodCM, edited(t, hostCM, func(b map[string]any) {
				b["metadata"].(map[string]any)["deletionTimestamp"] = deleteStamp
			})), allowed: true, skipped: true},
		{sentence: "a Pod its ReplicaSet creates is allowed: the Deployment's template was judged",
			state: host, req: verifiedOwner(request(t, Create, nil, yamlObject(t, `apiVersion: v1
kind: Pod
metadata:
  name: web-7d4b9-x2x
  namespace: blog-system
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d4b9, controller: true, uid: u}]
spec:
  containers: [{name: nginx, image: "nginx:1.27", volumeMounts: [{name: config, mountPath: /etc/nginx/conf.d}]}]
  volumes: [{name: config, configMap: {name: web-nginx-config}}]
`))), allowed: true, skipped: true},
		{sentence: "deleting a namespace is allowed: its objects go with it",
			state: final, req: request(t, Delete, find(t, final, blogNS), nil), allowed: true, skipped: true},
		{sentence: "a CONNECT is not evaluated",
			state: final, req: Request{Operation: "CONNECT", Kind: "Service"}, allowed: true, skipped: true},
	}
	for _, tc := range cases {
		v := check(t, engine(t, tc.config), storeOf(tc.state), tc.req)
		tc.expect(t, v)
	}
}

func (tc validateCase) expect(t *testing.T, v Verdict) {
	t.Helper()
	if v.Allowed != (len(tc.errors) == 0) || v.Allowed != tc.allowed && len(tc.errors) == 0 {
		t.Errorf("%s: allowed = %v, errors %v: %s", tc.sentence, v.Allowed, v.Errors, v.Message)
	}
	got, want := slices.Sorted(slices.Values(v.Errors)), slices.Sorted(slices.Values(tc.errors))
	if !slices.Equal(got, want) {
		t.Errorf("%s: errors %v, want %v", tc.sentence, got, want)
	}
	for _, s := range tc.message {
		if !strings.Contains(v.Message, s) {
			t.Errorf("%s: the denial lacks %q: %s", tc.sentence, s, v.Message)
		}
	}
	if len(v.Warnings) != len(tc.warnings) {
		t.Errorf("%s: warnings %q, want %d", tc.sentence, v.Warnings, len(tc.warnings))
	}
	for _, w := range tc.warnings {
		if !slices.ContainsFunc(v.Warnings, func(s string) bool { return strings.HasPrefix(s, w) }) {
			t.Errorf("%s: no warning starts with %q: %q", tc.sentence, w, v.Warnings)
		}
	}
	if (v.Skipped != "") != tc.skipped {
		t.Errorf("%s: skipped = %q", tc.sentence, v.Skipped)
	}
}

func TestTheCorrectStackAppliesObjectByObject(t *testing.T) {
	cases := []struct {
		sentence string
		objs     []*manifest.Object
		quiet    bool // no warning either
	}{
		{"the final stack in file order", load(t, finalStack), true},
		{"the final stack in kubectl apply -k order", kustomizeOrder(load(t, finalStack)), true},
		{"manifests/blog-system in kubectl apply -k order", kustomizeOrder(append(sharedObjects(t), load(t, blogSystem)...)), true},
		// DestinationRules before their Services: ML501 warns, rightly,
		// until the Services exist.
		{"the final stack in reverse order", reversed(load(t, finalStack)), false},
		{"manifests/blog-system in file name order", append(sharedObjects(t), load(t, blogSystem)...), false},
	}
	e := engine(t, "")
	for _, tc := range cases {
		s := NewStore()
		for _, o := range tc.objs {
			v := check(t, e, s, request(t, Create, nil, o))
			if !v.Allowed || tc.quiet && len(v.Warnings) > 0 {
				t.Errorf("%s: creating %s: allowed %v, %s %q", tc.sentence, o.Ref(), v.Allowed, v.Message, v.Warnings)
			}
			s.Set(o)
		}
		if read := len(slices.DeleteFunc(slices.Clone(tc.objs), func(o *manifest.Object) bool { return !Reads(o) })); s.Len() != read {
			t.Errorf("%s: the store holds %d objects of %d", tc.sentence, s.Len(), read)
		}
	}
}

// TestAChangeIsJudgedWithTheNamespacesCallingIn: an AuthorizationPolicy
// created in blog-system breaks a caller in another namespace, which only
// the Referrers index brings into the scope.
func TestAChangeIsJudgedWithTheNamespacesCallingIn(t *testing.T) {
	final := load(t, finalStack)
	caller := yamlObjects(t, `apiVersion: v1
kind: Namespace
metadata: {name: front}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: reports, namespace: front}
spec:
  selector: {matchLabels: {app: reports}}
  template:
    metadata: {labels: {app: reports}}
    spec:
      containers:
        - name: reports
          image: example/reports:1.0
          env: [{name: API_URL, value: "http://was-service.blog-system.svc.cluster.local:8080/api"}]
`)
	const ap = "AuthorizationPolicy/blog-system/was-allow-web"
	e, s := engine(t, ""), storeOf(append(without(t, final, ap), caller...))
	c := &change{new: find(t, final, ap), home: "blog-system"}
	if sc := e.scopeOf(s, c); !slices.Contains(sc.namespaces, "front") || sc.all {
		t.Errorf("the scope of blog-system lacks front, which calls into it: %v", sc.namespaces)
	}
	v := check(t, e, s, request(t, Create, nil, find(t, final, ap)))
	if v.Allowed || !slices.Equal(v.Errors, []string{"ML401"}) || !strings.Contains(v.Message, "a Deployment in another namespace") {
		t.Errorf("allowed %v, errors %v: %s", v.Allowed, v.Errors, v.Message)
	}
	// The requester in blog-system reads nothing of front by name
	// (redact.go), and still its own objects and the fix.
	for _, s := range []string{"front", "reports"} {
		if strings.Contains(v.Message, s) {
			t.Errorf("the denial names %q of another namespace: %s", s, v.Message)
		}
	}
	for _, s := range []string{ap, "Deployment/blog-system/was", "Fix: "} {
		if !strings.Contains(v.Message, s) {
			t.Errorf("the denial lacks %q: %s", s, v.Message)
		}
	}
}

// TestConcurrentRequests is for -race: requests share the Store's objects
// and the engine, and informer events go on meanwhile.
func TestConcurrentRequests(t *testing.T) {
	final, host, strict := load(t, finalStack), load(t, hostStack), load(t, strictStack)
	e, s := engine(t, ""), storeOf(final)
	reqs := []Request{
		request(t, Update, find(t, final, nginxConfig), find(t, host, nginxConfig)),
		request(t, Update, find(t, final, namespacePA), find(t, strict, namespacePA)),
		request(t, Delete, find(t, final, "Service/blog-system/was-service"), nil),
		request(t, Create, nil, find(t, final, wasDR)),
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 20 {
				req := reqs[(i+j)%len(reqs)]
				if _, err := e.Validate(context.Background(), s, req); err != nil {
					t.Error(err)
				}
				if _, err := e.Mutate(context.Background(), s, req); err != nil {
					t.Error(err)
				}
			}
		})
	}
	relabelled := edited(t, find(t, final, webService), label("v", "x"))
	wg.Go(func() {
		for range 50 {
			s.Set(ObjectFromMap(relabelled.Body))
		}
	})
	wg.Wait()
}
