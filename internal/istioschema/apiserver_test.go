package istioschema_test

import (
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"

	"github.com/meshlint/meshlint/internal/clustertest"
	"github.com/meshlint/meshlint/internal/istioschema"
	"github.com/meshlint/meshlint/internal/manifest"
)

// TestTheAPIServerAgrees creates every Istio object of the ML001 fixtures
// in a real kube-apiserver holding istio.io/api's CRDs, twice: with strict
// field validation (kubectl's default), where the API server must refuse
// exactly the objects that have issues, naming exactly their fields; and
// with field validation off, where it must refuse exactly the objects
// Check calls Rejected and store the others as Check's Stored body (the
// body the model reads): without the unknown fields, nothing else changed.
func TestTheAPIServerAgrees(t *testing.T) {
	files, err := filepath.Glob("../../testdata/rules/ML001/*.yaml")
	if err != nil || len(files) < 5 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	files = slices.DeleteFunc(files, func(f string) bool { return filepath.Base(f) == "suite.yaml" })
	// One file at a time: names repeat across the files, and a load of
	// several keeps only the last definition of an object (ML002).
	var objs []*manifest.Object
	for _, f := range files {
		objs = append(objs, clustertest.Load(t, f)...)
	}
	results := istioschema.CheckAll(objs)
	_, cfg := clustertest.Start(t)
	a := clustertest.NewApplier(t, cfg)
	for _, ns := range []string{"shop", "istio-system"} {
		a.Create(t, map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns}})
	}
	checked := 0
	for i, o := range objs {
		if !strings.Contains(o.APIVersion, ".istio.io/") {
			continue
		}
		checked++
		name := fmt.Sprintf("%s-%d", o.Name, i) // names repeat across the fixture files
		t.Run(fmt.Sprintf("%s:%d %s", filepath.Base(o.File), o.Line, o.Ref()), func(t *testing.T) {
			agree(t, a.Client, o, name, results[i])
		})
	}
	if checked < 25 {
		t.Fatalf("only %d Istio objects in the fixtures", checked)
	}
}

func agree(t *testing.T, c dynamic.Interface, o *manifest.Object, name string, r istioschema.Result) {
	strict := create(t, c, o, name, metav1.FieldValidationStrict, []string{metav1.DryRunAll})
	loose := create(t, c, o, name, metav1.FieldValidationIgnore, nil)
	unknown, invalid, notServed := fieldsOf(r, istioschema.Unknown), fieldsOf(r, istioschema.Invalid), fieldsOf(r, istioschema.NotServed)
	switch {
	case len(notServed) > 0:
		if !apierrors.IsNotFound(strict.err) || !apierrors.IsNotFound(loose.err) {
			t.Fatalf("Check says not served; the API server: strict %v, ignore %v", strict.err, loose.err)
		}
		return
	case len(unknown) > 0:
		if got := unknownFields(strict.err); !slices.Equal(got, unknown) {
			t.Errorf("strict: the API server refuses unknown fields %v (%v), Check %v", got, strict.err, unknown)
		}
	default:
		if got := invalidFields(strict.err); !slices.Equal(got, invalid) {
			t.Errorf("strict: the API server refuses fields %v (%v), Check %v", got, strict.err, invalid)
		}
	}
	if got := invalidFields(loose.err); !slices.Equal(got, invalid) || (loose.err != nil) != r.Rejected {
		t.Fatalf("ignore: the API server refuses fields %v (%v); Check %v, rejected %v", got, loose.err, invalid, r.Rejected)
	}
	if loose.err == nil {
		sameAsStored(t, o, loose.stored, r, unknown)
	}
}

// sameAsStored: what the API server stored is what the model reads.
func sameAsStored(t *testing.T, o *manifest.Object, stored map[string]any, r istioschema.Result, unknown []string) {
	seen := o.Body
	if r.Stored != nil {
		seen = r.Stored
	}
	content := func(b map[string]any) map[string]any {
		out := maps.Clone(b)
		delete(out, "metadata")
		delete(out, "status")
		return out
	}
	if got, want := content(stored), content(seen); !reflect.DeepEqual(got, want) {
		t.Errorf("stored %v\nthe model reads %v", got, want)
	}
	for _, f := range unknown {
		if strings.Contains(fmt.Sprint(stored), f[strings.LastIndex(f, ".")+1:]+":") {
			t.Errorf("the stored object still has %s: %v", f, stored)
		}
	}
}

type outcome struct {
	stored map[string]any
	err    error
}

func create(t *testing.T, c dynamic.Interface, o *manifest.Object, name, validation string, dryRun []string) outcome {
	u := &unstructured.Unstructured{Object: maps.Clone(o.Body)}
	u.SetName(name)
	gv, err := schema.ParseGroupVersion(o.APIVersion)
	if err != nil {
		t.Fatal(err)
	}
	plural := strings.ToLower(o.Kind) + "s" // the Istio CRDs' plurals: gateways, authorizationpolicies
	if strings.HasSuffix(plural, "ys") && !strings.ContainsAny(plural[len(plural)-3:len(plural)-2], "aeiou") {
		plural = strings.TrimSuffix(plural, "ys") + "ies"
	}
	res := c.Resource(gv.WithResource(plural)).Namespace(u.GetNamespace())
	out, err := res.Create(t.Context(), u, metav1.CreateOptions{FieldManager: "meshlint-test", FieldValidation: validation, DryRun: dryRun})
	if err != nil {
		return outcome{err: err}
	}
	return outcome{stored: out.Object}
}

func fieldsOf(r istioschema.Result, k istioschema.Kind) []string {
	var out []string
	for _, is := range r.Issues {
		if is.Kind == k {
			out = append(out, is.Field)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

var unknownField = regexp.MustCompile(`unknown field "([^"]+)"`)

func unknownFields(err error) []string {
	if err == nil {
		return nil
	}
	var out []string
	for _, m := range unknownField.FindAllStringSubmatch(err.Error(), -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// invalidFields are the fields of an Invalid (422) answer's causes,
// without the note that CEL rules were skipped.
func invalidFields(err error) []string {
	var st apierrors.APIStatus
	if err == nil || !errors.As(err, &st) || !apierrors.IsInvalid(err) {
		if err != nil {
			return []string{"<not 422: " + err.Error() + ">"}
		}
		return nil
	}
	var out []string
	for _, c := range st.Status().Details.Causes {
		if !strings.Contains(c.Message, "some validation rules were not checked") {
			out = append(out, c.Field)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
