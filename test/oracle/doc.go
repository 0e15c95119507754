// Package oracle holds differential tests of meshlint's model against
// Istio's own code: the sidecar injector (the chart's
// MutatingWebhookConfiguration, rendered by Istio's installer, selecting
// pods as the API server does, then the injector webhook of
// pkg/kube/inject deciding) and PeerAuthentication composition
// (pilot/pkg/security/authn ComposePeerAuthentication). It is a module of
// its own so that meshlint never links Istio.
package oracle
