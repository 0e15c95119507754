package mesh

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
)

// selector is a Kubernetes label selector, compiled once. The API server
// matches a webhook's namespaceSelector and objectSelector with
// metav1.LabelSelectorAsSelector (k8s.io/apiserver
// pkg/admission/plugin/webhook/predicates/namespace and object), and
// Istio its never/alwaysInjectSelector the same way (injectRequired), so
// the model uses that very function.
type selector struct {
	sel labels.Selector
	err error // an invalid selector: the API server rejects it, injectRequired skips it
}

// selectorFrom compiles a LabelSelector as decoded from YAML or JSON; a
// missing one (nil) selects everything, as in a webhook.
func selectorFrom(v any) selector {
	if v == nil {
		return selector{sel: labels.Everything()}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return selector{err: errNotSelector}
	}
	var ls metav1.LabelSelector
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(m, &ls); err != nil {
		return selector{err: err}
	}
	return compile(&ls)
}

func compile(ls *metav1.LabelSelector) selector {
	s, err := metav1.LabelSelectorAsSelector(ls)
	return selector{sel: s, err: err}
}

type selectorError string

func (e selectorError) Error() string { return string(e) }

const errNotSelector = selectorError("not a label selector")

// matches reports whether the selector selects the labels; an invalid
// selector selects nothing.
func (s selector) matches(l map[string]string) bool {
	return s.err == nil && s.sel.Matches(labels.Set(l))
}

// empty reports whether the selector has no requirement (injectRequired
// skips an empty never/alwaysInjectSelector entry).
func (s selector) empty() bool { return s.err != nil || s.sel.Empty() }

func (s selector) String() string {
	if s.err != nil {
		return "invalid selector (" + s.err.Error() + ")"
	}
	return s.sel.String()
}

// sel builds the selectors the chart writes (matchExpressions only).
func sel(reqs ...metav1.LabelSelectorRequirement) selector {
	return compile(&metav1.LabelSelector{MatchExpressions: reqs})
}

func in(key string, values ...string) metav1.LabelSelectorRequirement {
	return metav1.LabelSelectorRequirement{Key: key, Operator: metav1.LabelSelectorOpIn, Values: values}
}

func notIn(key string, values ...string) metav1.LabelSelectorRequirement {
	return metav1.LabelSelectorRequirement{Key: key, Operator: metav1.LabelSelectorOpNotIn, Values: values}
}

func absent(key string) metav1.LabelSelectorRequirement {
	return metav1.LabelSelectorRequirement{Key: key, Operator: metav1.LabelSelectorOpDoesNotExist}
}
