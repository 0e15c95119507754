package e2e

import (
	"fmt"

	admissionv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The webhook's own namespace: like kube-system, never intercepted.
const webhookNamespace = "meshlint-system"

// Names of the two webhook configurations the suite registers.
const (
	mutatingName   = "meshlint-mutating"
	validatingName = "meshlint-validating"
)

// validatedResources are exactly the kinds the engine reads
// (internal/admission Reads: what mesh.Build indexes): a change to any of
// them can change findings, so /validate takes them all, the optional
// kinds (Gateway API, F5's, Traefik's) included.
var validatedResources = []admissionv1.RuleWithOperations{
	rule([]string{""}, []string{"v1"}, "namespaces", "services", "configmaps", "pods", "replicationcontrollers"),
	rule([]string{"apps"}, []string{"v1"}, "deployments", "statefulsets", "daemonsets", "replicasets"),
	rule([]string{"batch"}, []string{"v1"}, "jobs", "cronjobs"),
	rule([]string{"networking.k8s.io"}, []string{"v1"}, "ingresses", "ingressclasses"),
	rule([]string{"networking.istio.io"}, []string{"*"}, "destinationrules", "virtualservices", "serviceentries", "sidecars"),
	rule([]string{"security.istio.io"}, []string{"*"}, "peerauthentications", "authorizationpolicies"),
	rule([]string{"gateway.networking.k8s.io"}, []string{"*"}, "gatewayclasses", "gateways", "httproutes", "grpcroutes",
		"tlsroutes", "tcproutes", "referencegrants", "backendtlspolicies"),
	rule([]string{"k8s.nginx.org"}, []string{"*"}, "virtualservers", "virtualserverroutes", "transportservers"),
	rule([]string{"traefik.io"}, []string{"*"}, "ingressroutes", "ingressroutetcps"),
	rule([]string{"gateway.envoyproxy.io"}, []string{"*"}, "envoyproxies", "backendtrafficpolicies"),
	rule([]string{"gateway.nginx.org"}, []string{"*"}, "nginxproxies", "upstreamsettingspolicies"),
}

// mutatedResources are the kinds MM01-MM03 and MM05 change
// (internal/admission mutates): nginx ConfigMaps (MM01), workloads and
// their pod templates, bare Pods included (MM02), DestinationRules (MM03),
// HTTPRoutes (MM05).
var mutatedResources = []admissionv1.RuleWithOperations{
	rule([]string{""}, []string{"v1"}, "configmaps", "pods", "replicationcontrollers"),
	rule([]string{"apps"}, []string{"v1"}, "deployments", "statefulsets", "daemonsets", "replicasets"),
	rule([]string{"batch"}, []string{"v1"}, "jobs", "cronjobs"),
	rule([]string{"networking.istio.io"}, []string{"*"}, "destinationrules"),
	rule([]string{"gateway.networking.k8s.io"}, []string{"*"}, "httproutes"),
}

func rule(groups, versions []string, resources ...string) admissionv1.RuleWithOperations {
	scope := admissionv1.AllScopes
	return admissionv1.RuleWithOperations{
		Operations: []admissionv1.OperationType{admissionv1.Create, admissionv1.Update, admissionv1.Delete},
		Rule:       admissionv1.Rule{APIGroups: groups, APIVersions: versions, Resources: resources, Scope: &scope},
	}
}

// notIntercepted keeps kube-system and the webhook's namespace out, by the
// immutable kubernetes.io/metadata.name label.
var notIntercepted = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{
	Key:      "kubernetes.io/metadata.name",
	Operator: metav1.LabelSelectorOpNotIn,
	Values:   []string{"kube-system", webhookNamespace},
}}}

// webhookConfigurations returns both configurations pointing at
// https://host:port/{mutate,validate}. envtest fills in the CA bundle.
// Mutation fails closed in tests (the chart's default is Ignore), so that
// a webhook that cannot be reached shows as an error, not as a silent pass.
func webhookConfigurations(host string, port int) (*admissionv1.MutatingWebhookConfiguration, *admissionv1.ValidatingWebhookConfiguration) {
	url := func(path string) *string {
		u := fmt.Sprintf("https://%s:%d/%s", host, port, path)
		return &u
	}
	none := admissionv1.SideEffectClassNone
	fail := admissionv1.Fail
	equivalent := admissionv1.Equivalent
	timeout := int32(10)
	mut := &admissionv1.MutatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: mutatingName},
		Webhooks: []admissionv1.MutatingWebhook{{
			Name:                    "mutate.meshlint.io",
			ClientConfig:            admissionv1.WebhookClientConfig{URL: url("mutate")},
			Rules:                   withoutDelete(mutatedResources),
			FailurePolicy:           &fail,
			MatchPolicy:             &equivalent,
			NamespaceSelector:       notIntercepted,
			SideEffects:             &none,
			TimeoutSeconds:          &timeout,
			AdmissionReviewVersions: []string{"v1"},
		}},
	}
	val := &admissionv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: validatingName},
		Webhooks: []admissionv1.ValidatingWebhook{{
			Name:                    "validate.meshlint.io",
			ClientConfig:            admissionv1.WebhookClientConfig{URL: url("validate")},
			Rules:                   validatedResources,
			FailurePolicy:           &fail,
			MatchPolicy:             &equivalent,
			NamespaceSelector:       notIntercepted,
			SideEffects:             &none,
			TimeoutSeconds:          &timeout,
			AdmissionReviewVersions: []string{"v1"},
		}},
	}
	return mut, val
}

// withoutDelete: a DELETE has nothing to mutate.
func withoutDelete(rules []admissionv1.RuleWithOperations) []admissionv1.RuleWithOperations {
	out := make([]admissionv1.RuleWithOperations, len(rules))
	for i, r := range rules {
		r.Operations = []admissionv1.OperationType{admissionv1.Create, admissionv1.Update}
		out[i] = r
	}
	return out
}
