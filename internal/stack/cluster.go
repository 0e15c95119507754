package stack

import (
	"context"

	"github.com/meshlint/meshlint/internal/cluster"
	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/report"
)

// Live is the stack a cluster runs, read with list and get only. Its
// findings name objects (Kind/namespace/name) instead of file:line, and
// with a Namespace in the options only that namespace is reported on,
// though every namespace is read (mesh-wide policies live in the root
// namespace, ingress controllers in their own).
type Live struct {
	*cluster.Result
	opts cluster.Options
}

// LoadCluster reads the live objects (cluster.Load).
func LoadCluster(ctx context.Context, opts cluster.Options) (*Live, error) {
	res, err := cluster.Load(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Live{Result: res, opts: opts}, nil
}

// Lint lints the live objects; the model's problems are the input errors.
func (l *Live) Lint(cfg *config.Config, policyDirs []string) (*Linted, error) {
	res, err := Validate(cfg, policyDirs, l.Objects)
	if err != nil {
		return nil, err
	}
	rep := &report.Report{Errors: res.Problems, Rules: res.Rules}
	for _, f := range res.Findings {
		if l.opts.Reports(f.Object) {
			rep.Findings = append(rep.Findings, f)
		}
	}
	for _, w := range res.Waived {
		if l.opts.Reports(w.Finding.Object) {
			rep.Suppressed = append(rep.Suppressed, w)
		}
	}
	for _, o := range l.Objects {
		if l.opts.Reports(o.Ref()) {
			rep.Linted = append(rep.Linted, report.Linted{Ref: o.Ref()})
		}
	}
	rep.Objects = len(rep.Linted)
	return &Linted{Result: res, Report: rep}, nil
}
