package webhook

import (
	"os"
	"runtime/debug"

	"github.com/meshlint/meshlint/internal/admission"
)

// TuneGC applies the collector setting the webhook serves with
// (admission.ServingGCPercent says why) unless GOGC is set.
func TuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(admission.ServingGCPercent)
	}
}
