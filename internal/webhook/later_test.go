package webhook

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/envtest"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/envtestbin"
)

// testWatchLater: the API server started without the Gateway API CRDs,
// and the webhook is ready all the same (an optional kind not served has
// no objects). Once the CRDs are installed, a Gateway reaches the Store
// within the recheck interval, without a restart.
func testWatchLater(ctx context.Context, t *testing.T, cfg *rest.Config, c client.Client, store *admission.Store, ready *Readiness) {
	if !ready.Ready() {
		t.Fatalf("not ready without the Gateway API CRDs: %v", ready.Check(nil))
	}
	paths, err := envtestbin.CRDPaths(repoRootFromPkg, envtestbin.Standard)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := envtest.InstallCRDs(cfg, envtest.CRDInstallOptions{Paths: paths[1:], ErrorIfPathMissing: true}); err != nil {
		t.Fatal(err)
	}
	applyFile(ctx, t, c, filepath.Join("testdata", "gateway.yaml"))
	eventually(t, "the Gateway reaches the Store", func() error {
		var got []string
		for _, o := range store.Objects([]string{"edge"}) {
			got = append(got, o.Ref().String())
		}
		if !slices.Contains(got, "Gateway/edge/edge") {
			return fmt.Errorf("the Store holds %v", got)
		}
		return nil
	})
	if !ready.Ready() {
		t.Errorf("a kind watched later made the webhook unready: %v", ready.Check(nil))
	}
}
