package config

import (
	"fmt"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/meshlint/meshlint/internal/catalog"
	"github.com/meshlint/meshlint/internal/finding"
)

// check validates a decoded config; root gives the lines for the errors.
func (c *Config) check(root *yaml.Node) []lineError {
	line := func(key string) int { return keyLine(root, key) }
	var errs []lineError
	if c.RootNamespace == "" {
		errs = append(errs, errorf(line("rootNamespace"), "rootNamespace must not be empty"))
	}
	if c.ClusterDomain == "" {
		errs = append(errs, errorf(line("clusterDomain"), "clusterDomain must not be empty"))
	}
	if c.OutboundTrafficPolicy != AllowAny && c.OutboundTrafficPolicy != RegistryOnly {
		errs = append(errs, errorf(line("outboundTrafficPolicy"),
			"outboundTrafficPolicy %q: want %s or %s", c.OutboundTrafficPolicy, AllowAny, RegistryOnly))
	}
	errs = append(errs, c.checkLists(root)...)
	errs = append(errs, c.checkIngressClasses(value(root, "ingressClasses"))...)
	errs = append(errs, c.checkGatewayClasses(value(root, "gatewayClasses"))...)
	errs = append(errs, c.checkRules(value(root, "rules"))...)
	errs = append(errs, c.checkWebhook(value(root, "webhook"))...)
	errs = append(errs, c.checkExclude(value(root, "exclude"))...)
	return append(errs, c.checkIgnores(value(root, "ignores"))...)
}

func (c *Config) checkLists(root *yaml.Node) []lineError {
	var errs []lineError
	for i, p := range c.ServerFirstPorts {
		if p < 1 || p > 65535 {
			errs = append(errs, errorf(item(value(root, "serverFirstPorts"), i), "serverFirstPorts: %d is not a port", p))
		}
	}
	lists := map[string][]string{"serverFirstImages": c.ServerFirstImages, "assumeInjectedNamespaces": c.AssumeInjectedNamespaces}
	for key, list := range lists {
		for i, s := range list {
			if strings.TrimSpace(s) == "" {
				errs = append(errs, errorf(item(value(root, key), i), "%s: empty entry", key))
			}
		}
	}
	return errs
}

func (c *Config) checkIngressClasses(n *yaml.Node) []lineError {
	var errs []lineError
	seen := map[string]bool{}
	for i, ic := range c.IngressClasses {
		switch {
		case ic.Name == "":
			errs = append(errs, errorf(item(n, i), "ingressClasses[%d]: name is required", i))
		case seen[ic.Name]:
			errs = append(errs, errorf(item(n, i), "ingressClasses: %q listed twice", ic.Name))
		}
		seen[ic.Name] = true
	}
	return errs
}

func (c *Config) checkRules(n *yaml.Node) []lineError {
	var errs []lineError
	for id, rc := range c.Rules {
		l := keyLine(n, id)
		r, known, msg := ruleID(id)
		if msg != "" {
			errs = append(errs, errorf(l, "rules: %s", msg))
			continue
		}
		if msg := modeProblem(id, rc.Mode, known && r.Kind == catalog.KindMutation); msg != "" {
			errs = append(errs, errorf(l, "%s", msg))
		}
		if rc.Severity == "" {
			continue
		}
		if known && r.Kind == catalog.KindMutation {
			errs = append(errs, errorf(l, "rules.%s: a mutation has a mode, not a severity", id))
		} else if s, err := finding.ParseSeverity(rc.Severity); err != nil || s == finding.None {
			errs = append(errs, errorf(l, "rules.%s.severity %q: want error, warning or info", id, rc.Severity))
		}
	}
	return errs
}

// ruleID accepts catalogue IDs, and the IDs of user policies as long as
// they stay out of the catalogue's ML/MM range, so that a typo such as
// ML2O1 is still an error.
func ruleID(id string) (r catalog.Rule, known bool, msg string) {
	if r, ok := catalog.Lookup(id); ok {
		return r, true, ""
	}
	up := strings.ToUpper(id)
	if strings.HasPrefix(up, "ML") || strings.HasPrefix(up, "MM") || id == "" {
		return r, false, fmt.Sprintf("unknown rule ID %q (meshlint rules lists them)", id)
	}
	return r, false, ""
}

func (c *Config) checkIgnores(n *yaml.Node) []lineError {
	var errs []lineError
	for i := range c.Ignores {
		ig := &c.Ignores[i]
		ig.Line = item(n, i)
		for _, msg := range ig.problems() {
			errs = append(errs, errorf(ig.Line, "ignores[%d]: %s", i, msg))
		}
	}
	return errs
}

func (ig *Ignore) problems() []string {
	var out []string
	if strings.TrimSpace(ig.Reason) == "" {
		out = append(out, "reason is required: say why the finding does not apply")
	}
	if ig.Rule == "" && ig.Kind == "" && ig.Namespace == "" && ig.Name == "" && ig.File == "" {
		out = append(out, "matches every finding: give rule, kind, namespace, name or file")
	}
	if ig.Rule != "" && ig.Rule != "*" {
		if _, _, msg := ruleID(ig.Rule); msg != "" {
			out = append(out, msg)
		}
	}
	for _, g := range []string{ig.Kind, ig.Namespace, ig.Name, ig.File} {
		if _, err := path.Match(g, ""); err != nil {
			out = append(out, fmt.Sprintf("bad glob %q", g))
		}
	}
	return out
}

// value returns the value of key in mapping m, or nil.
func value(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// keyLine is the line of key in mapping m (0 when absent).
func keyLine(m *yaml.Node, key string) int {
	if m == nil || m.Kind != yaml.MappingNode {
		return 0
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return m.Line
}

// item is the line of the i-th entry of sequence s (0 when unknown).
func item(s *yaml.Node, i int) int {
	if s == nil || s.Kind != yaml.SequenceNode || i >= len(s.Content) {
		return 0
	}
	return s.Content[i].Line
}
