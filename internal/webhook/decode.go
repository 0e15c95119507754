package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ctrladm "sigs.k8s.io/controller-runtime/pkg/webhook/admission"

	"github.com/meshlint/meshlint/internal/admission"
)

// toRequest is the engine's request for an admission request.
func toRequest(req ctrladm.Request) admission.Request {
	return admission.Request{
		UID:       string(req.UID),
		Operation: admission.Operation(req.Operation),
		Namespace: req.Namespace,
		Name:      req.Name,
		Kind:      req.Kind.Kind,
		Object:    req.Object.Raw,
		OldObject: req.OldObject.Raw,
		DryRun:    req.DryRun != nil && *req.DryRun,
	}
}

// errMissing: the review lacks the object its operation needs; the API
// server never sends such a review, so it is a bad request.
var errMissing = errors.New("missing object")

// head is what the handlers read of an object before the engine does.
type head struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name            string                  `json:"name"`
		OwnerReferences []metav1.OwnerReference `json:"ownerReferences"`
	} `json:"metadata"`
}

// decodeHead reads the object the operation is about (the old one on
// DELETE) and checks the old one on UPDATE. It returns errMissing
// (wrapped) when a needed object is absent, and another error when one is
// not a Kubernetes object.
func decodeHead(req admission.Request) (head, error) {
	raw, what := req.Object, "request.object"
	if req.Operation == admission.Delete {
		raw, what = req.OldObject, "request.oldObject"
	}
	h, err := decodeOne(raw, what, req.Operation)
	if err != nil || req.Operation != admission.Update || !present(req.OldObject) {
		return h, err // an UPDATE without oldObject: the engine takes the Store's copy
	}
	_, err = decodeOne(req.OldObject, "request.oldObject", req.Operation)
	return h, err
}

func present(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && !bytes.Equal(raw, []byte("null"))
}

func decodeOne(raw []byte, what string, op admission.Operation) (head, error) {
	var h head
	if !present(raw) {
		return h, fmt.Errorf("%w: %s is empty on %s", errMissing, what, op)
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			where := "it"
			if te.Field != "" {
				where = te.Field
			}
			return h, fmt.Errorf("%s is not a Kubernetes object: %s is a JSON %s", what, where, te.Value)
		}
		return h, fmt.Errorf("%s is not a Kubernetes object: %w", what, err)
	}
	if h.APIVersion == "" || h.Kind == "" {
		return h, fmt.Errorf("%s is not a Kubernetes object: apiVersion or kind is missing", what)
	}
	return h, nil
}
