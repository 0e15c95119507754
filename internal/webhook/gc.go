package webhook

import (
	"os"
	"runtime/debug"

	"github.com/meshlint/meshlint/internal/admission"
)

// ServingGCPercent is the collector setting the webhook serves with
// (admission.ServingGCPercent says why).
const ServingGCPercent = admission.ServingGCPercent

// TuneGC applies ServingGCPercent unless GOGC is set.
func TuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(ServingGCPercent)
	}
}
