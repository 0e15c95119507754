package config

import "go.yaml.in/yaml/v3"

// GatewayClass tells what the manifests may not about a Gateway API
// GatewayClass: the controller that serves it (its spec.controllerName,
// e.g. gateway.envoyproxy.io/gatewayclass-controller), whether that
// controller's data plane has a sidecar, and the namespace it runs in.
type GatewayClass struct {
	Name       string `yaml:"name"`
	Controller string `yaml:"controller"`
	Meshed     *bool  `yaml:"meshed"`    // nil: unknown, rules do not guess
	Namespace  string `yaml:"namespace"` // where the data plane's pods run
}

// checkGatewayClasses: each entry named, once, as ingressClasses.
func (c *Config) checkGatewayClasses(n *yaml.Node) []lineError {
	var errs []lineError
	seen := map[string]bool{}
	for i, gc := range c.GatewayClasses {
		switch {
		case gc.Name == "":
			errs = append(errs, errorf(item(n, i), "gatewayClasses[%d]: name is required", i))
		case seen[gc.Name]:
			errs = append(errs, errorf(item(n, i), "gatewayClasses: %q listed twice", gc.Name))
		case gc.Meshed == nil && gc.Controller == "" && gc.Namespace == "":
			errs = append(errs, errorf(item(n, i), "gatewayClasses[%d]: %q says nothing: give controller, meshed or namespace", i, gc.Name))
		}
		seen[gc.Name] = true
	}
	return errs
}
