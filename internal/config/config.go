// Package config reads .meshlint.yaml: the facts about the cluster that the
// manifests cannot tell (root namespace, auto mTLS, which ingress
// controllers are meshed...) and the per-rule settings and ignores.
package config

import (
	"github.com/meshlint/meshlint/internal/mesh"
	"os"
	"path/filepath"
	"slices"
)

// FileName is the config file that Find looks for.
const FileName = ".meshlint.yaml"

// Outbound traffic policies of the mesh config (meshConfig.outboundTrafficPolicy.mode).
const (
	AllowAny     = "ALLOW_ANY"
	RegistryOnly = "REGISTRY_ONLY"
)

// Rule modes.
const (
	ModeOn  = "on"
	ModeOff = "off"
)

// Config is .meshlint.yaml, with defaults filled in.
type Config struct {
	RootNamespace         string         `yaml:"rootNamespace"`
	ClusterDomain         string         `yaml:"clusterDomain"`
	AutoMTLS              bool           `yaml:"autoMtls"`
	OutboundTrafficPolicy string         `yaml:"outboundTrafficPolicy"`
	IngressClasses        []IngressClass `yaml:"ingressClasses"`
	GatewayClasses        []GatewayClass `yaml:"gatewayClasses"` // gatewayclass.go
	// ServerFirstImages are image repositories (registry host, tag and
	// digest dropped, e.g. bitnami/mysql) or their last path element
	// (mysql); the mesh model does the matching.
	ServerFirstImages        []string              `yaml:"serverFirstImages"`
	ServerFirstPorts         []int                 `yaml:"serverFirstPorts"`
	AssumeInjectedNamespaces []string              `yaml:"assumeInjectedNamespaces"`
	Rules                    map[string]RuleConfig `yaml:"rules"`
	Ignores                  []Ignore              `yaml:"ignores"`
	AllowIgnoreAnnotation    bool                  `yaml:"allowIgnoreAnnotation"`
	Webhook                  Webhook               `yaml:"webhook"` // webhook.go
	Istio                    Istio                 `yaml:"istio"`   // what the inputs may not tell of the control plane
	// Exclude are globs of paths that loading leaves out (exclude.go).
	Exclude []string `yaml:"exclude"`

	// File is where the config came from; empty for Default().
	File string `yaml:"-"`
}

// IngressClass tells what the manifests may not: which controller serves
// an ingress class and whether that controller has a sidecar.
type IngressClass struct {
	Name       string `yaml:"name"`
	Controller string `yaml:"controller"` // e.g. k8s.io/ingress-nginx
	Meshed     *bool  `yaml:"meshed"`     // nil: unknown, rules do not guess
	Namespace  string `yaml:"namespace"`  // where the controller runs
}

// Istio tells what the manifests may not hold of the control plane (an
// istiod Deployment, an IstioOperator or the mesh config in the inputs
// tell it too; these win).
type Istio struct {
	Version            string            `yaml:"version"`            // e.g. "1.24"
	TrustDomain        string            `yaml:"trustDomain"`        // meshConfig.trustDomain
	TrustDomainAliases []string          `yaml:"trustDomainAliases"` // meshConfig.trustDomainAliases
	Env                map[string]string `yaml:"env"`                // istiod's environment (feature flags)
}

// RuleConfig overrides a rule's default severity or turns it off. Empty
// fields keep the catalogue's default.
type RuleConfig struct {
	Severity string `yaml:"severity"` // error | warning | info
	Mode     string `yaml:"mode"`     // on | off, and for the webhook enforce | warn (webhook.go)
}

// Default returns the config used when there is no .meshlint.yaml.
func Default() *Config {
	return &Config{
		RootNamespace:         "istio-system",
		ClusterDomain:         "cluster.local",
		AutoMTLS:              true,
		OutboundTrafficPolicy: AllowAny,
		ServerFirstImages:     slices.Clone(defaultServerFirstImages),
		ServerFirstPorts:      slices.Clone(defaultServerFirstPorts),
		AllowIgnoreAnnotation: true,
		Webhook:               Webhook{OptOutLabel: DefaultOptOutLabel},
	}
}

// The server-first defaults are the model's (mesh.DefaultSettings): one
// list for the CLI, the webhook and the tests.
var (
	defaultServerFirstImages = mesh.DefaultSettings().ServerFirstImages
	defaultServerFirstPorts  = mesh.DefaultSettings().ServerFirstPorts
)

// Find looks for .meshlint.yaml in startDir and each parent directory,
// nearest first, as git does for its config.
func Find(startDir string) (string, bool) {
	dir, err := filepath.Abs(startDir)
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, FileName)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
