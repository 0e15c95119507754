// Command gen writes crds.json, the schemas of the Istio CRDs that
// internal/istioschema embeds, from istio.io/api's
// kubernetes/customresourcedefinitions.gen.yaml in the module cache:
//
//	go run ./internal/istioschema/gen > internal/istioschema/crds.json
//
// Descriptions and printer columns are dropped (the API server does not
// validate with them) and the identical schemas of a CRD's versions are
// kept once; nothing else changes.
package main

import (
	"fmt"
	"os"

	"github.com/meshlint/meshlint/internal/istioschema/crdgen"
)

func main() {
	out, err := crdgen.Generate(".")
	if err == nil {
		_, err = os.Stdout.Write(out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
