package config

import "github.com/meshlint/meshlint/internal/finding"

// Severity applies the config to a rule's severity: def is what the rule
// reports (its catalogue default or a variant); the result is the
// configured severity if any, and whether the rule is on at all.
func (c *Config) Severity(rule string, def finding.Severity) (finding.Severity, bool) {
	rc, ok := c.Rules[rule]
	if !ok {
		return def, true
	}
	if rc.Mode == ModeOff {
		return def, false
	}
	if s, err := finding.ParseSeverity(rc.Severity); err == nil && s != finding.None {
		return s, true
	}
	return def, true
}
