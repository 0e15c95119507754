package chart

import (
	"slices"
	"strings"
	"testing"

	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/lint"
	"helm.sh/helm/v3/pkg/lint/support"
	admissionv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

const testCABundle = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="

// matrix: the value sets every invariant below must hold for.
var matrix = []struct {
	name   string
	values string
}{
	{"the defaults", ""},
	{"the generator on", "generator: {enabled: true}"},
	{"cert-manager off with a Secret and a caBundle", "certManager: {enabled: false}\ntls: {secretName: my-tls, caBundle: " + testCABundle + "}"},
	{"a ServiceMonitor", "serviceMonitor: {enabled: true}"},
	{"failure policies swapped", "webhooks: {validate: {failurePolicy: Ignore}, mutate: {failurePolicy: Fail}}"},
	{"a config, hard anti-affinity and extra excluded namespaces", "config: {rules: {MM01: {mode: warn}}}\npodAntiAffinity: hard\nwebhooks: {excludedNamespaces: [istio-system]}"},
	{"mutation off in the process", "mutate: {enabled: false}"},
}

func TestEveryValueSetRendersSafeObjects(t *testing.T) {
	for _, tc := range matrix {
		t.Run(tc.name, func(t *testing.T) {
			r := mustRender(t, tc.values)
			checkDeployment(t, r)
			checkRBAC(t, r, strings.Contains(tc.values, "generator"))
			checkService(t, r)
			checkWebhooks(t, r, !strings.Contains(tc.values, "certManager: {enabled: false}"))
			checkPDB(t, r)
		})
	}
}

func checkDeployment(t *testing.T, r rendered) {
	t.Helper()
	var d appsv1.Deployment
	r.one(t, "Deployment", &d)
	if d.Namespace != releaseNS {
		t.Errorf("Deployment namespace %q", d.Namespace)
	}
	if d.Spec.Replicas == nil || *d.Spec.Replicas != 2 {
		t.Errorf("replicas: %v", d.Spec.Replicas)
	}
	sel := d.Spec.Selector.MatchLabels
	for k, v := range sel {
		if d.Spec.Template.Labels[k] != v {
			t.Errorf("selector %s=%s does not match the pod labels %v", k, v, d.Spec.Template.Labels)
		}
	}
	pod := d.Spec.Template.Spec
	if pod.SecurityContext == nil || pod.SecurityContext.RunAsNonRoot == nil || !*pod.SecurityContext.RunAsNonRoot {
		t.Error("pod securityContext: runAsNonRoot not true")
	}
	if pod.SecurityContext.SeccompProfile == nil || pod.SecurityContext.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
		t.Error("pod seccompProfile not RuntimeDefault")
	}
	aa := pod.Affinity.PodAntiAffinity
	if aa == nil || len(aa.PreferredDuringSchedulingIgnoredDuringExecution)+len(aa.RequiredDuringSchedulingIgnoredDuringExecution) == 0 {
		t.Error("no pod anti-affinity")
	} else {
		for _, term := range aa.PreferredDuringSchedulingIgnoredDuringExecution {
			checkSelects(t, "anti-affinity", term.PodAffinityTerm.LabelSelector.MatchLabels, sel)
		}
		for _, term := range aa.RequiredDuringSchedulingIgnoredDuringExecution {
			checkSelects(t, "anti-affinity", term.LabelSelector.MatchLabels, sel)
		}
	}
	if len(pod.TopologySpreadConstraints) == 0 {
		t.Error("no topology spread")
	}
	for _, c := range pod.TopologySpreadConstraints {
		checkSelects(t, "topology spread", c.LabelSelector.MatchLabels, sel)
	}
	if len(pod.Containers) != 1 {
		t.Fatalf("containers: %d", len(pod.Containers))
	}
	c := pod.Containers[0]
	sc := c.SecurityContext
	switch {
	case sc == nil:
		t.Fatal("no container securityContext")
	case sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot:
		t.Error("container runAsNonRoot not true")
	case sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem:
		t.Error("readOnlyRootFilesystem not true")
	case sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation:
		t.Error("allowPrivilegeEscalation not false")
	case sc.Capabilities == nil || !slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(sc.Capabilities.Add) != 0:
		t.Errorf("capabilities: %+v", sc.Capabilities)
	case sc.SeccompProfile == nil || sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault:
		t.Error("container seccompProfile not RuntimeDefault")
	}
	probePort := ""
	for _, p := range c.Ports {
		if p.ContainerPort == 8081 {
			probePort = p.Name
		}
	}
	for name, p := range map[string]*corev1.Probe{"liveness": c.LivenessProbe, "readiness": c.ReadinessProbe} {
		want := map[string]string{"liveness": "/healthz", "readiness": "/readyz"}[name]
		if p == nil || p.HTTPGet == nil || p.HTTPGet.Path != want || p.HTTPGet.Port.String() != probePort || probePort == "" {
			t.Errorf("%s probe: want GET %s on the probe port %q, got %+v", name, want, probePort, p)
		}
	}
	if !slices.Contains(c.Args, "--health-probe-bind-address=:8081") || !slices.Contains(c.Args, "--port=9443") || !slices.Contains(c.Args, "--cert-dir=/tls") {
		t.Errorf("args: %v", c.Args)
	}
	if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Sleep == nil || c.Lifecycle.PreStop.Sleep.Seconds <= 0 {
		t.Error("no preStop sleep")
	} else if grace := pod.TerminationGracePeriodSeconds; grace == nil || *grace <= c.Lifecycle.PreStop.Sleep.Seconds+30 {
		t.Errorf("terminationGracePeriodSeconds %v does not cover the preStop sleep and --shutdown-timeout", grace)
	}
	if c.Resources.Limits.Memory().IsZero() || c.Resources.Requests.Cpu().IsZero() {
		t.Errorf("resources: %+v", c.Resources)
	}
	gomem := false
	for _, e := range c.Env {
		if e.Name == "GOMEMLIMIT" && e.ValueFrom != nil && e.ValueFrom.ResourceFieldRef != nil &&
			e.ValueFrom.ResourceFieldRef.Resource == "limits.memory" && e.ValueFrom.ResourceFieldRef.ContainerName == c.Name {
			gomem = true
		}
	}
	if !gomem {
		t.Errorf("GOMEMLIMIT not from limits.memory: %+v", c.Env)
	}
	// The cert volume is mounted at --cert-dir.
	if !slices.ContainsFunc(c.VolumeMounts, func(m corev1.VolumeMount) bool { return m.Name == "cert" && m.MountPath == "/tls" && m.ReadOnly }) {
		t.Errorf("cert volume not mounted read-only at /tls: %+v", c.VolumeMounts)
	}
	// With a config, it is mounted and passed.
	if r.count("ConfigMap") == 1 {
		var cm corev1.ConfigMap
		r.one(t, "ConfigMap", &cm)
		if _, ok := cm.Data[".meshlint.yaml"]; !ok {
			t.Errorf("ConfigMap has no .meshlint.yaml: %v", cm.Data)
		}
		if !slices.Contains(c.Args, "--config=/etc/meshlint/.meshlint.yaml") {
			t.Errorf("--config not passed: %v", c.Args)
		}
		if !slices.ContainsFunc(pod.Volumes, func(v corev1.Volume) bool { return v.ConfigMap != nil && v.ConfigMap.Name == cm.Name }) {
			t.Error("ConfigMap not mounted")
		}
	} else if slices.ContainsFunc(c.Args, func(a string) bool { return strings.HasPrefix(a, "--config") }) {
		t.Errorf("--config without a ConfigMap: %v", c.Args)
	}
}

func checkSelects(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) == 0 {
		t.Errorf("%s: empty selector", what)
	}
	for k, v := range got {
		if want[k] != v {
			t.Errorf("%s selects %s=%s, not the webhook's pods %v", what, k, v, want)
		}
	}
}

func certVolumeSecret(t *testing.T, r rendered) string {
	t.Helper()
	var d appsv1.Deployment
	r.one(t, "Deployment", &d)
	for _, v := range d.Spec.Template.Spec.Volumes {
		if v.Name == "cert" && v.Secret != nil {
			return v.Secret.SecretName
		}
	}
	t.Fatal("no cert volume")
	return ""
}

func checkRBAC(t *testing.T, r rendered, generator bool) {
	t.Helper()
	var cr rbacv1.ClusterRole
	r.one(t, "ClusterRole", &cr)
	read := map[string][]string{}
	var writes []string
	for _, rule := range cr.Rules {
		for _, res := range rule.Resources {
			if res == "secrets" || res == "*" {
				t.Errorf("ClusterRole grants %s: %+v", res, rule)
			}
		}
		for _, g := range rule.APIGroups {
			if g == "*" {
				t.Errorf("ClusterRole grants every group: %+v", rule)
			}
		}
		verbs := slices.Sorted(slices.Values(rule.Verbs))
		switch {
		case slices.Equal(verbs, []string{"get", "list", "watch"}):
			for _, g := range rule.APIGroups {
				read[g] = append(read[g], rule.Resources...)
			}
		case slices.Equal(verbs, []string{"create", "delete", "update"}):
			if !slices.Equal(rule.APIGroups, []string{"networking.istio.io"}) || !slices.Equal(rule.Resources, []string{"destinationrules"}) {
				t.Errorf("write verbs on more than destinationrules: %+v", rule)
			}
			writes = append(writes, rule.Resources...)
		default:
			t.Errorf("unexpected verbs %v", rule.Verbs)
		}
	}
	for g, want := range cachedResources {
		if got := slices.Sorted(slices.Values(read[g])); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
			t.Errorf("group %q: reads %v, the cache needs %v", g, got, want)
		}
	}
	if len(read) != len(cachedResources) {
		t.Errorf("reads groups %v", read)
	}
	if generator != (len(writes) > 0) {
		t.Errorf("generator %v, write rules on %v", generator, writes)
	}
	var crb rbacv1.ClusterRoleBinding
	r.one(t, "ClusterRoleBinding", &crb)
	sa := r.one(t, "ServiceAccount", nil)
	checkBinding(t, crb.RoleRef, crb.Subjects, "ClusterRole", cr.Name, sa.Name)
	var d appsv1.Deployment
	r.one(t, "Deployment", &d)
	if d.Spec.Template.Spec.ServiceAccountName != sa.Name {
		t.Errorf("Deployment runs as %q, the ServiceAccount is %q", d.Spec.Template.Spec.ServiceAccountName, sa.Name)
	}
	if !generator {
		if r.count("Role")+r.count("RoleBinding") != 0 {
			t.Error("leader election Role without the generator")
		}
		if slices.ContainsFunc(d.Spec.Template.Spec.Containers[0].Args, func(a string) bool { return strings.Contains(a, "generate") || strings.Contains(a, "leader") }) {
			t.Errorf("generator flags without the generator: %v", d.Spec.Template.Spec.Containers[0].Args)
		}
		return
	}
	var role rbacv1.Role
	r.one(t, "Role", &role)
	var rb rbacv1.RoleBinding
	r.one(t, "RoleBinding", &rb)
	if role.Namespace != releaseNS || rb.Namespace != releaseNS {
		t.Errorf("leader election Role in %q, binding in %q", role.Namespace, rb.Namespace)
	}
	checkBinding(t, rb.RoleRef, rb.Subjects, "Role", role.Name, sa.Name)
	for _, rule := range role.Rules {
		for _, res := range rule.Resources {
			if res != "leases" && res != "events" {
				t.Errorf("leader election Role grants %s", res)
			}
		}
	}
	args := d.Spec.Template.Spec.Containers[0].Args
	for _, a := range []string{"--generate-destination-rules", "--leader-elect", "--leader-election-namespace=" + releaseNS} {
		if !slices.Contains(args, a) {
			t.Errorf("missing %s in %v", a, args)
		}
	}
}

func checkBinding(t *testing.T, ref rbacv1.RoleRef, subjects []rbacv1.Subject, kind, name, sa string) {
	t.Helper()
	if ref.Kind != kind || ref.Name != name {
		t.Errorf("binding refers to %s/%s, want %s/%s", ref.Kind, ref.Name, kind, name)
	}
	if len(subjects) != 1 || subjects[0].Kind != "ServiceAccount" || subjects[0].Name != sa || subjects[0].Namespace != releaseNS {
		t.Errorf("binding subjects %+v, want ServiceAccount %s/%s", subjects, releaseNS, sa)
	}
}

func checkService(t *testing.T, r rendered) {
	t.Helper()
	var svc corev1.Service
	r.one(t, "Service", &svc)
	var d appsv1.Deployment
	r.one(t, "Deployment", &d)
	checkSelects(t, "Service", svc.Spec.Selector, d.Spec.Template.Labels)
	ok := false
	for _, p := range svc.Spec.Ports {
		if p.Port == 443 {
			for _, cp := range d.Spec.Template.Spec.Containers[0].Ports {
				if (p.TargetPort.String() == cp.Name || p.TargetPort.IntValue() == int(cp.ContainerPort)) && cp.ContainerPort == 9443 {
					ok = true
				}
			}
		}
	}
	if !ok {
		t.Errorf("Service does not map 443 to 9443: %+v", svc.Spec.Ports)
	}
}

func checkPDB(t *testing.T, r rendered) {
	t.Helper()
	var pdb policyv1.PodDisruptionBudget
	r.one(t, "PodDisruptionBudget", &pdb)
	var d appsv1.Deployment
	r.one(t, "Deployment", &d)
	checkSelects(t, "PodDisruptionBudget", pdb.Spec.Selector.MatchLabels, d.Spec.Template.Labels)
	if pdb.Spec.MaxUnavailable == nil || pdb.Spec.MaxUnavailable.IntValue() != 1 {
		t.Errorf("PDB maxUnavailable %v", pdb.Spec.MaxUnavailable)
	}
}

// checkWebhooks: both configurations point at the Service, trust the CA
// that signs its certificate, and register exactly the e2e suite's rules.
func checkWebhooks(t *testing.T, r rendered, certManager bool) {
	t.Helper()
	var svc corev1.Service
	r.one(t, "Service", &svc)
	var mwc admissionv1.MutatingWebhookConfiguration
	r.one(t, "MutatingWebhookConfiguration", &mwc)
	var vwc admissionv1.ValidatingWebhookConfiguration
	r.one(t, "ValidatingWebhookConfiguration", &vwc)
	if len(mwc.Webhooks) != 1 || len(vwc.Webhooks) != 1 {
		t.Fatalf("webhooks: %d mutating, %d validating", len(mwc.Webhooks), len(vwc.Webhooks))
	}
	m, v := mwc.Webhooks[0], vwc.Webhooks[0]
	_, serving := r.certificates(t)
	for _, w := range []struct {
		what        string
		annotations map[string]string
		cc          admissionv1.WebhookClientConfig
		path        string
		sideEffects *admissionv1.SideEffectClass
		versions    []string
		match       *admissionv1.MatchPolicyType
		timeout     *int32
		nsSel       []string
	}{
		{"mutating", mwc.Annotations, m.ClientConfig, "/mutate", m.SideEffects, m.AdmissionReviewVersions, m.MatchPolicy, m.TimeoutSeconds, excluded(t, m.NamespaceSelector.MatchExpressions)},
		{"validating", vwc.Annotations, v.ClientConfig, "/validate", v.SideEffects, v.AdmissionReviewVersions, v.MatchPolicy, v.TimeoutSeconds, excluded(t, v.NamespaceSelector.MatchExpressions)},
	} {
		s := w.cc.Service
		if s == nil || s.Name != svc.Name || s.Namespace != releaseNS || s.Path == nil || *s.Path != w.path || s.Port == nil || *s.Port != 443 {
			t.Errorf("%s: clientConfig.service %+v, want %s/%s:443%s", w.what, s, releaseNS, svc.Name, w.path)
		}
		if w.sideEffects == nil || *w.sideEffects != admissionv1.SideEffectClassNone {
			t.Errorf("%s: sideEffects not None", w.what)
		}
		if !slices.Equal(w.versions, []string{"v1"}) {
			t.Errorf("%s: admissionReviewVersions %v", w.what, w.versions)
		}
		if w.match == nil || *w.match != admissionv1.Equivalent {
			t.Errorf("%s: matchPolicy not Equivalent", w.what)
		}
		if w.timeout == nil || *w.timeout != 5 {
			t.Errorf("%s: timeoutSeconds %v", w.what, w.timeout)
		}
		if !slices.Contains(w.nsSel, "kube-system") || !slices.Contains(w.nsSel, releaseNS) {
			t.Errorf("%s: namespaces excluded %v", w.what, w.nsSel)
		}
		inject := w.annotations["cert-manager.io/inject-ca-from"]
		if certManager {
			if want := serving.Metadata.Namespace + "/" + serving.Metadata.Name; inject != want || serving.Metadata.Name == "" {
				t.Errorf("%s: inject-ca-from %q, the serving Certificate is %q", w.what, inject, want)
			}
			if len(w.cc.CABundle) != 0 {
				t.Errorf("%s: caBundle set with cert-manager", w.what)
			}
		} else {
			if inject != "" {
				t.Errorf("%s: inject-ca-from %q without cert-manager", w.what, inject)
			}
			if len(w.cc.CABundle) == 0 {
				t.Errorf("%s: no caBundle without cert-manager", w.what)
			}
		}
	}
	if got, want := flatten(m.Rules), expand(mutatedResources, "CREATE", "UPDATE"); !slices.Equal(got, want) {
		t.Errorf("mutating rules:\n got %v\nwant %v", got, want)
	}
	if got, want := flatten(v.Rules), expand(validatedResources, "CREATE", "DELETE", "UPDATE"); !slices.Equal(got, want) {
		t.Errorf("validating rules:\n got %v\nwant %v", got, want)
	}
	// Certificates: the chain and the serving certificate's names.
	if certManager {
		ca, serving := r.certificates(t)
		if !ca.Spec.IsCA || ca.Spec.IssuerRef.Kind != "Issuer" {
			t.Errorf("CA Certificate %+v", ca)
		}
		if r.count("Issuer") != 2 || r.count("Certificate") != 2 {
			t.Errorf("want 2 Issuers and 2 Certificates: %v", r.kinds())
		}
		if got := certVolumeSecret(t, r); serving.Spec.SecretName != got {
			t.Errorf("serving Certificate writes %q, the Deployment mounts %q", serving.Spec.SecretName, got)
		}
		want := []string{svc.Name, svc.Name + "." + releaseNS, svc.Name + "." + releaseNS + ".svc", svc.Name + "." + releaseNS + ".svc.cluster.local"}
		if !slices.Equal(serving.Spec.DNSNames, want) {
			t.Errorf("dnsNames %v, want %v", serving.Spec.DNSNames, want)
		}
		if serving.Metadata.Namespace != releaseNS {
			t.Errorf("serving Certificate in %q", serving.Metadata.Namespace)
		}
	} else if r.count("Issuer")+r.count("Certificate") != 0 {
		t.Errorf("cert-manager objects without cert-manager: %v", r.kinds())
	}
}

func excluded(t *testing.T, exprs []metav1.LabelSelectorRequirement) []string {
	t.Helper()
	for _, e := range exprs {
		if e.Key == "kubernetes.io/metadata.name" && e.Operator == "NotIn" {
			return e.Values
		}
	}
	t.Errorf("no kubernetes.io/metadata.name NotIn in %+v", exprs)
	return nil
}

func TestFailurePoliciesDefaultToFailForValidateAndIgnoreForMutate(t *testing.T) {
	for _, tc := range []struct {
		name, values     string
		validate, mutate admissionv1.FailurePolicyType
	}{
		{"the defaults fail closed on validate and open on mutate", "", admissionv1.Fail, admissionv1.Ignore},
		{"both can be swapped", "webhooks: {validate: {failurePolicy: Ignore}, mutate: {failurePolicy: Fail}}", admissionv1.Ignore, admissionv1.Fail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustRender(t, tc.values)
			var mwc admissionv1.MutatingWebhookConfiguration
			r.one(t, "MutatingWebhookConfiguration", &mwc)
			var vwc admissionv1.ValidatingWebhookConfiguration
			r.one(t, "ValidatingWebhookConfiguration", &vwc)
			if p := vwc.Webhooks[0].FailurePolicy; p == nil || *p != tc.validate {
				t.Errorf("validate failurePolicy %s, want %s", deref(p), tc.validate)
			}
			if p := mwc.Webhooks[0].FailurePolicy; p == nil || *p != tc.mutate {
				t.Errorf("mutate failurePolicy %s, want %s", deref(p), tc.mutate)
			}
		})
	}
}

func TestOptionalObjectsFollowTheirValues(t *testing.T) {
	for _, tc := range []struct {
		name, values string
		kind         string
		want         int
	}{
		{"no ServiceMonitor by default", "", "ServiceMonitor", 0},
		{"a ServiceMonitor when asked", "serviceMonitor: {enabled: true}", "ServiceMonitor", 1},
		{"no ConfigMap without a config", "", "ConfigMap", 0},
		{"a ConfigMap holding the config", "config: {rules: {MM01: {mode: warn}}}", "ConfigMap", 1},
		{"no PodDisruptionBudget when off", "podDisruptionBudget: {enabled: false}", "PodDisruptionBudget", 0},
		{"no MutatingWebhookConfiguration when off", "webhooks: {mutate: {enabled: false}}", "MutatingWebhookConfiguration", 0},
		{"no ServiceAccount when one is given", "serviceAccount: {create: false, name: given}", "ServiceAccount", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustRender(t, tc.values)
			if got := r.count(tc.kind); got != tc.want {
				t.Errorf("%d %s, want %d: %v", got, tc.kind, tc.want, r.kinds())
			}
		})
	}
}

func TestTheServiceMonitorScrapesTheMetricsPortOfTheService(t *testing.T) {
	r := mustRender(t, "serviceMonitor: {enabled: true}")
	var sm struct {
		Spec struct {
			Selector  struct{ MatchLabels map[string]string } `json:"selector"`
			Endpoints []struct {
				Port string `json:"port"`
				Path string `json:"path"`
			} `json:"endpoints"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(r.one(t, "ServiceMonitor", nil).YAML, &sm); err != nil {
		t.Fatal(err)
	}
	var svc corev1.Service
	r.one(t, "Service", &svc)
	checkSelects(t, "ServiceMonitor", sm.Spec.Selector.MatchLabels, svc.Labels)
	if len(sm.Spec.Endpoints) != 1 || sm.Spec.Endpoints[0].Path != "/metrics" ||
		!slices.ContainsFunc(svc.Spec.Ports, func(p corev1.ServicePort) bool { return p.Name == sm.Spec.Endpoints[0].Port }) {
		t.Errorf("endpoints %+v do not name a Service port %+v", sm.Spec.Endpoints, svc.Spec.Ports)
	}
}

func TestBadValuesAreRefusedWithAClearError(t *testing.T) {
	for _, tc := range []struct {
		name, values, want string
	}{
		{"cert-manager off without a Secret", "certManager: {enabled: false}\ntls: {caBundle: " + testCABundle + "}", "tls.secretName is required"},
		{"cert-manager off without a caBundle", "certManager: {enabled: false}\ntls: {secretName: my-tls}", "tls.caBundle is required"},
		{"a failure policy that does not exist", "webhooks: {validate: {failurePolicy: Maybe}}", "failurePolicy"},
		{"an unknown value", "replicas: 3", "replicas"},
		{"a port out of range", "ports: {webhook: 70000}", "webhook"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := render(t, tc.values)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

func TestTheChartLintsCleanAcrossTheMatrix(t *testing.T) {
	kv, err := chartutil.ParseKubeVersion(kubeVersion)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range matrix {
		t.Run(tc.name, func(t *testing.T) {
			vals := map[string]any{}
			if err := yaml.Unmarshal([]byte(tc.values), &vals); err != nil {
				t.Fatal(err)
			}
			res := lint.AllWithKubeVersion(chartDir(t), vals, releaseNS, kv)
			for _, m := range res.Messages {
				// INFO is advice (icon missing); warnings and errors fail.
				if m.Severity > support.InfoSev {
					t.Errorf("%s", m.Error())
				}
			}
		})
	}
}

func deref(p *admissionv1.FailurePolicyType) string {
	if p == nil {
		return "<unset>"
	}
	return string(*p)
}
