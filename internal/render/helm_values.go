package render

import (
	"fmt"
	"io"
	"os"

	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/strvals"
	"sigs.k8s.io/yaml"
)

// helmKubeVersion is the Kubernetes version helm template assumes without
// --kube-version. Helm's Makefile sets it from the client-go it builds
// with (v0.37 for Helm v3.22.0); used as a library, chartutil would say
// v1.20, which charts with a kubeVersion constraint refuse.
const helmKubeVersion = "v1.37.0"

// values merges the value files and --set flags in Helm's order: files,
// then --set, then --set-string. Value files are read from disk or stdin;
// URLs, which helm fetches, are not supported.
// Helm: pkg/cli/values/options.go (*Options).MergeValues.
func (o HelmOptions) values() (map[string]any, error) {
	base := map[string]any{}
	for _, f := range o.ValueFiles {
		data, err := readValues(f)
		if err != nil {
			return nil, fmt.Errorf("values file: %w", err)
		}
		cur := map[string]any{}
		if err := yaml.Unmarshal(data, &cur); err != nil {
			return nil, fmt.Errorf("values file %s: %w", f, err)
		}
		base = mergeMaps(base, cur)
	}
	for _, v := range o.Set {
		if err := strvals.ParseInto(v, base); err != nil {
			return nil, fmt.Errorf("--set %s: %w", v, err)
		}
	}
	for _, v := range o.SetString {
		if err := strvals.ParseIntoString(v, base); err != nil {
			return nil, fmt.Errorf("--set-string %s: %w", v, err)
		}
	}
	return base, nil
}

func readValues(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(name)
}

// mergeMaps merges b into a copy of a, tables recursively.
func mergeMaps(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if bm, ok := v.(map[string]any); ok {
			if am, ok := out[k].(map[string]any); ok {
				out[k] = mergeMaps(am, bm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// capabilities are helm template's: chartutil's defaults, with the
// Kubernetes version and API versions given.
func (o HelmOptions) capabilities() (*chartutil.Capabilities, error) {
	caps := chartutil.DefaultCapabilities.Copy()
	v := o.KubeVersion
	if v == "" {
		v = helmKubeVersion
	}
	kv, err := chartutil.ParseKubeVersion(v)
	if err != nil {
		return nil, fmt.Errorf("kube version %q: %w", v, err)
	}
	caps.KubeVersion = *kv
	caps.APIVersions = append(append(chartutil.VersionSet{}, caps.APIVersions...), o.APIVersions...)
	return caps, nil
}
