package crdgen

import (
	"bytes"
	"os"
	"testing"
)

// TestEmbeddedSchemasAreCurrent fails when internal/istioschema/crds.json
// differs from what istio.io/api's CRDs give: run
// `go run ./internal/istioschema/gen > internal/istioschema/crds.json`.
func TestEmbeddedSchemasAreCurrent(t *testing.T) {
	want, err := Generate(".")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../crds.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("internal/istioschema/crds.json is stale: run go run ./internal/istioschema/gen > internal/istioschema/crds.json")
	}
}
