package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/meshlint/meshlint/internal/catalog"
)

// Admission modes of a rule (rules.ID.mode), beside on and off: what the
// validating webhook does with a finding that a change introduces. on is
// enforce. The mode is about admission only, as Gatekeeper's
// enforcementAction is: the CLI reads on, enforce and warn alike, and the
// severity alone decides its exit code.
const (
	ModeEnforce = "enforce" // a new error denies the request
	ModeWarn    = "warn"    // a new error comes back as an admission warning
)

// DefaultOptOutLabel is the Namespace label that turns the webhooks off for
// a namespace's objects.
const DefaultOptOutLabel = "meshlint.io/ignore-namespace"

// Webhook is the webhook's section of .meshlint.yaml. The top-level
// allowIgnoreAnnotation: false forbids the ignore annotation for the CLI
// and the webhook alike; the webhook honours it only when its own
// allowIgnoreAnnotation says so (admission.go).
type Webhook struct {
	// OptOutLabel on a Namespace, set to "true", turns both webhooks off
	// for the objects of that namespace: the chart's namespaceSelector
	// (NotIn ["true"]) and OptedOut apply the same rule. Empty: no
	// namespace can opt out.
	OptOutLabel string `yaml:"optOutLabel"`
	// AllowIgnoreAnnotation lets meshlint.io/ignore suppress findings at
	// admission (off by default; admission.go says why).
	AllowIgnoreAnnotation bool `yaml:"allowIgnoreAnnotation"`
	// IgnoreAnnotationRules limits the annotation at admission to these
	// rules; empty: every rule (when AllowIgnoreAnnotation is on).
	IgnoreAnnotationRules []string `yaml:"ignoreAnnotationRules"`
	// Unjudgeable is what /validate answers a change it cannot judge:
	// deny (the default) or warn.
	Unjudgeable string `yaml:"unjudgeable"`
	// Mutate turns the mutating webhook's mutations (MM01-MM03, MM05) on or
	// off by ID; an ID left out is on. rules.ID.mode off turns a mutation
	// off everywhere; this turns it off at admission only, so a team can
	// keep `meshlint fix` and still have the webhook deny instead of
	// rewrite. MM04 is not here: it creates objects, it is the webhook's
	// generator controller, behind its own flag.
	Mutate map[string]bool `yaml:"mutate"`
}

// AdmissionMode returns the rule's admission mode: enforce, warn or off.
func (c *Config) AdmissionMode(rule string) string {
	switch c.Rules[rule].Mode {
	case ModeOff:
		return ModeOff
	case ModeWarn:
		return ModeWarn
	}
	return ModeEnforce
}

// Mutates reports whether the mutating webhook applies mutation id.
func (c *Config) Mutates(id string) bool {
	if c.Rules[id].Mode == ModeOff {
		return false
	}
	on, set := c.Webhook.Mutate[id]
	return !set || on
}

// OptedOut reports whether a Namespace with these labels opted out of the
// webhooks: the label is set to "true", the one value the chart's
// namespaceSelector skips (NotIn ["true"]). Any other value ("yes", "",
// "True") opts out of neither, so the API server and the webhook agree.
func (c *Config) OptedOut(namespaceLabels map[string]string) bool {
	return c.Webhook.OptOutLabel != "" && namespaceLabels[c.Webhook.OptOutLabel] == OptOutValue
}

// OptOutValue is the opt-out label's value that opts a namespace out.
const OptOutValue = "true"

// modeProblem checks rules.ID.mode: on or off for a mutation; on, off,
// enforce or warn for a rule.
func modeProblem(id, mode string, mutation bool) string {
	switch {
	case mode == "" || mode == ModeOn || mode == ModeOff:
		return ""
	case mutation && (mode == ModeEnforce || mode == ModeWarn):
		return fmt.Sprintf("rules.%s.mode %q: a mutation is on or off (enforce and warn are for rules)", id, mode)
	case mutation:
		return fmt.Sprintf("rules.%s.mode %q: want on or off", id, mode)
	case mode == ModeEnforce || mode == ModeWarn:
		return ""
	}
	return fmt.Sprintf("rules.%s.mode %q: want on, off, enforce or warn", id, mode)
}

// webhookMutations are the mutations the mutating webhook applies to the
// object under review.
var webhookMutations = []string{"MM01", "MM02", "MM03", "MM05"}

func (c *Config) checkWebhook(n *yaml.Node) []lineError {
	var errs []lineError
	if label := c.Webhook.OptOutLabel; label != "" && !validLabelKey(label) {
		errs = append(errs, errorf(keyLine(n, "optOutLabel"),
			"webhook.optOutLabel %q: not a label key (an optional DNS subdomain and /, then 1-63 of [A-Za-z0-9-_.], alphanumeric at both ends)", label))
	}
	errs = append(errs, c.checkAdmission(n)...)
	mutate := value(n, "mutate")
	for id := range c.Webhook.Mutate {
		l := keyLine(mutate, id)
		r, known, msg := ruleID(id)
		switch {
		case msg != "":
			errs = append(errs, errorf(l, "webhook.mutate: %s", msg))
		case id == "MM04":
			errs = append(errs, errorf(l, "webhook.mutate.MM04: MM04 creates DestinationRules; it is the webhook's generator, turned on by its own flag"))
		case !known || r.Kind != catalog.KindMutation || !slices.Contains(webhookMutations, id):
			errs = append(errs, errorf(l, "webhook.mutate.%s: not a mutation (want one of %s)", id, strings.Join(webhookMutations, ", ")))
		}
	}
	return errs
}

var (
	labelName   = regexp.MustCompile(`^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`)
	labelPrefix = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
)

// validLabelKey checks a label key as Kubernetes does
// (k8s.io/apimachinery/pkg/util/validation IsQualifiedName).
func validLabelKey(k string) bool {
	prefix, name, hasPrefix := strings.Cut(k, "/")
	if !hasPrefix {
		name = prefix
	} else if prefix == "" || len(prefix) > 253 || !labelPrefix.MatchString(prefix) {
		return false
	}
	return labelName.MatchString(name)
}
