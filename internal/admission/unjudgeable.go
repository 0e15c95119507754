package admission

import (
	"strings"

	"github.com/meshlint/meshlint/internal/config"
)

// A change the rules cannot judge: it brings an input problem (an nginx
// configuration meshlint cannot parse, a value the model cannot read) on
// an object the rules read. The rules depending on that part (the Host
// rules of an nginx config, MM01's fix) then say nothing, which is not a
// verdict that the change is safe. webhook.unjudgeable decides:
// deny (the default) refuses the change and says why, warn admits it with
// the problems as warnings (the CLI exits 2 on the same input).

// unjudgeable answers a verdict whose change brings input problems, as the
// config says: under deny, the problems are added to the denial.
func (e *Engine) unjudgeable(v *Verdict, problems []string) {
	if len(problems) == 0 || e.cfg.UnjudgeableVerdict() != config.UnjudgeableDeny {
		return
	}
	var b strings.Builder
	if v.Message != "" {
		b.WriteString(v.Message + "\n")
	}
	for _, p := range problems {
		b.WriteString(clean(p) + "\n")
	}
	b.WriteString(unjudgeableHelp)
	v.Allowed = false
	v.Message = b.String()
	v.Unjudgeable = true
}

// unjudgeableHelp says why a change meshlint cannot read is refused, and
// what to do.
const unjudgeableHelp = "meshlint cannot judge this change: the rules that read this part (for nginx, whether the Host header reaches the right Service) " +
	"would say nothing, which is not a verdict that it is safe. " +
	"Fix: correct the input (`meshlint lint` on the file names the place; `nginx -t` checks nginx's own syntax); " +
	"if nginx accepts it and meshlint does not, report it, and a cluster admin may set webhook.unjudgeable: warn in the webhook's config to admit such changes with a warning."
