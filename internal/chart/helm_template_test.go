package chart

import (
	"strings"
	"testing"

	"helm.sh/helm/v3/pkg/releaseutil"
	appsv1 "k8s.io/api/apps/v1"
	"sigs.k8s.io/yaml"
)

const testDigest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// deploymentOf finds the Deployment in helm template's output.
func deploymentOf(t *testing.T, out string) appsv1.Deployment {
	t.Helper()
	for _, doc := range releaseutil.SplitManifests(out) {
		var d appsv1.Deployment
		if err := yaml.Unmarshal([]byte(doc), &d); err != nil {
			t.Fatalf("not YAML: %v\n%s", err, doc)
		}
		if d.Kind == "Deployment" {
			return d
		}
	}
	t.Fatalf("no Deployment in:\n%s", out)
	return appsv1.Deployment{}
}

// Plain `helm template`, as CI pipelines and GitOps tools run it without
// a cluster, renders with Helm's default capabilities (v1.20.0 for this
// build): the chart has no kubeVersion to refuse it, and the preStop sleep
// action (1.30+) is left out rather than rendered for an API server that
// would reject the Pod.
func TestHelmTemplateRendersWithHelmsDefaultCapabilities(t *testing.T) {
	out, err := helmTemplate(t)
	if err != nil {
		t.Fatalf("helm template: %v\n%s", err, out)
	}
	c := deploymentOf(t, out).Spec.Template.Spec.Containers[0]
	if c.Lifecycle != nil {
		t.Errorf("Kubernetes v1.20.0 got a lifecycle: %+v", c.Lifecycle)
	}
	if c.Image != "ghcr.io/meshlint/webhook:0.1.0" {
		t.Errorf("image %q, want the one make image names, tagged with the appVersion", c.Image)
	}
	out, err = helmTemplate(t, "--kube-version", "1.30.0")
	if err != nil {
		t.Fatalf("helm template --kube-version 1.30.0: %v\n%s", err, out)
	}
	c = deploymentOf(t, out).Spec.Template.Spec.Containers[0]
	if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Sleep == nil || c.Lifecycle.PreStop.Sleep.Seconds != 10 {
		t.Errorf("Kubernetes 1.30: preStop %+v, want a 10 s sleep", c.Lifecycle)
	}
}

func TestAnImageDigestPinsTheImage(t *testing.T) {
	out, err := helmTemplate(t, "--set", "image.digest="+testDigest, "--set", "image.tag=ignored")
	if err != nil {
		t.Fatalf("helm template: %v\n%s", err, out)
	}
	if got := deploymentOf(t, out).Spec.Template.Spec.Containers[0].Image; got != "ghcr.io/meshlint/webhook@"+testDigest {
		t.Errorf("image %q, want repository@digest", got)
	}
	out, err = helmTemplate(t, "--set", "image.digest=latest")
	if err == nil || !strings.Contains(out, "digest") {
		t.Errorf("a digest that is not one rendered (%v):\n%s", err, out)
	}
}
