package config

import (
	"slices"

	"go.yaml.in/yaml/v3"
)

// What the validating webhook does with a change it cannot judge
// (webhook.unjudgeable): an nginx configuration meshlint cannot parse, an
// object the rules cannot read.
const (
	UnjudgeableDeny = "deny" // refuse it, saying why and what to do
	UnjudgeableWarn = "warn" // admit it with a warning
)

// Admission settings of the webhook section (beside webhook.go's): who may
// get around /validate, and what an unreadable change gets.
//
// AllowIgnoreAnnotation (webhook.allowIgnoreAnnotation) lets the
// meshlint.io/ignore annotation suppress findings at admission; it is off
// by default, for anyone who may write an object may write its
// annotations: in the webhook the annotation would let every namespace
// user waive every rule. The CLI honours the annotation (top-level
// allowIgnoreAnnotation): there it is the author's own tree, and review
// sees it. IgnoreAnnotationRules, when set, limits the annotation at
// admission to the rules listed.

// AdmissionIgnores reports whether the webhook honours a
// meshlint.io/ignore annotation naming rule: webhook.allowIgnoreAnnotation
// is on, the top-level allowIgnoreAnnotation does not forbid it, and
// webhook.ignoreAnnotationRules is empty or lists the rule.
func (c *Config) AdmissionIgnores(rule string) bool {
	w := c.Webhook
	if !c.AllowIgnoreAnnotation || !w.AllowIgnoreAnnotation {
		return false
	}
	return len(w.IgnoreAnnotationRules) == 0 || slices.Contains(w.IgnoreAnnotationRules, rule)
}

// AdmissionIgnoresAny reports whether the webhook honours the annotation
// for some rule.
func (c *Config) AdmissionIgnoresAny() bool {
	return c.AllowIgnoreAnnotation && c.Webhook.AllowIgnoreAnnotation
}

// UnjudgeableVerdict is webhook.unjudgeable, deny when unset.
func (c *Config) UnjudgeableVerdict() string {
	if c.Webhook.Unjudgeable == UnjudgeableWarn {
		return UnjudgeableWarn
	}
	return UnjudgeableDeny
}

func (c *Config) checkAdmission(n *yaml.Node) []lineError {
	var errs []lineError
	w := c.Webhook
	if u := w.Unjudgeable; u != "" && u != UnjudgeableDeny && u != UnjudgeableWarn {
		errs = append(errs, errorf(keyLine(n, "unjudgeable"), "webhook.unjudgeable %q: want %s or %s", u, UnjudgeableDeny, UnjudgeableWarn))
	}
	rules := value(n, "ignoreAnnotationRules")
	if len(w.IgnoreAnnotationRules) > 0 && !w.AllowIgnoreAnnotation {
		errs = append(errs, errorf(keyLine(n, "ignoreAnnotationRules"),
			"webhook.ignoreAnnotationRules has no effect without webhook.allowIgnoreAnnotation: true"))
	}
	for i, id := range w.IgnoreAnnotationRules {
		if id == "*" {
			errs = append(errs, errorf(item(rules, i), "webhook.ignoreAnnotationRules: list rule IDs; leave the list out to honour the annotation for every rule"))
		} else if _, _, msg := ruleID(id); msg != "" {
			errs = append(errs, errorf(item(rules, i), "webhook.ignoreAnnotationRules: %s", msg))
		}
	}
	return errs
}
