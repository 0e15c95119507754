package e2e

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	authenticationv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/meshlint/meshlint/internal/clustertest"
	"github.com/meshlint/meshlint/internal/manifest"
)

// webhookClient calls the webhook directly over HTTPS, trusting envtest's
// CA, as the API server does.
func webhookClient(timeout time.Duration) *http.Client {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(cluster.caData)
	return &http.Client{Timeout: timeout, Transport: &http.Transport{
		TLSClientConfig:     &tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12},
		MaxIdleConnsPerHost: 64,
	}}
}

// resources maps the kinds the suite sends directly to their resource.
var resources = map[string]string{"Ingress": "ingresses", "ConfigMap": "configmaps",
	"PeerAuthentication": "peerauthentications", "DestinationRule": "destinationrules"}

// reviewOf is the AdmissionReview the API server would send for a CREATE
// of o.
func reviewOf(o *manifest.Object, uid string) ([]byte, error) {
	raw, err := json.Marshal(o.Body)
	if err != nil {
		return nil, err
	}
	group, version, ok := strings.Cut(o.APIVersion, "/")
	if !ok {
		group, version = "", o.APIVersion
	}
	gvk := metav1.GroupVersionKind{Group: group, Version: version, Kind: o.Kind}
	gvr := metav1.GroupVersionResource{Group: group, Version: version, Resource: resources[o.Kind]}
	review := admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{
			UID: types.UID(uid), Kind: gvk, Resource: gvr, RequestKind: &gvk, RequestResource: &gvr,
			Namespace: o.Namespace, Name: o.Name, Operation: admissionv1.Create,
			UserInfo: authenticationv1.UserInfo{Username: "e2e"},
			Object:   runtime.RawExtension{Raw: raw},
		},
	}
	return json.Marshal(review)
}

// postReview sends a review to path and decodes the response.
func postReview(c *http.Client, path string, body []byte) (*admissionv1.AdmissionResponse, error) {
	url := fmt.Sprintf("https://127.0.0.1:%d%s", cluster.port, path)
	return postReviewTo(c, url, body)
}

func postReviewTo(c *http.Client, url string, body []byte) (*admissionv1.AdmissionResponse, error) {
	review, err := clustertest.PostReview(c, url, body)
	if err != nil {
		return nil, err
	}
	if review.Response == nil {
		return nil, fmt.Errorf("a review without a response")
	}
	return review.Response, nil
}
