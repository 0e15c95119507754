package cluster

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// userAgent names meshlint in the API server's audit log.
const userAgent = "meshlint"

// requestTimeout bounds each request (discovery, one page of a list): an
// API server or proxy that accepts the connection and never answers fails
// the run, naming the server, instead of hanging a scheduled audit. A
// page of pageSize objects takes well under a second on a healthy server;
// client-go's discovery uses 32 s when no timeout is set.
const requestTimeout = 30 * time.Second

// restConfig is opts.Config, else the kubeconfig as kubectl reads it:
// --kubeconfig, else KUBECONFIG, else ~/.kube/config, else the in-cluster
// service account (clientcmd's deferred loading falls back to it when no
// kubeconfig is found). The copy's rate limit fits a one-shot read of
// about twenty kinds, page by page, and each request has a deadline.
func (o Options) restConfig() (*rest.Config, error) {
	var cfg *rest.Config
	if o.Config != nil {
		cfg = rest.CopyConfig(o.Config)
	} else {
		var err error
		if cfg, err = o.kubeconfig(); err != nil {
			return nil, err
		}
	}
	if cfg.QPS == 0 {
		cfg.QPS, cfg.Burst = 50, 100
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = requestTimeout
	}
	cfg.UserAgent = userAgent
	return cfg, nil
}

func (o Options) kubeconfig() (*rest.Config, error) {
	if o.Kubeconfig != "" {
		if _, err := os.Stat(o.Kubeconfig); err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err // the path is named once
			}
			return nil, fmt.Errorf("kubeconfig %s: %w", o.Kubeconfig, err)
		}
	}
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = o.Kubeconfig
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{CurrentContext: o.Context})
	cfg, err := cc.ClientConfig()
	switch {
	case clientcmd.IsEmptyConfig(err):
		return nil, errors.New("no kubeconfig: none given, KUBECONFIG unset, ~/.kube/config absent, and not running in a cluster")
	case err != nil && o.Context != "":
		if raw, rerr := cc.RawConfig(); rerr == nil && raw.Contexts[o.Context] == nil {
			return nil, fmt.Errorf("kubeconfig: context %q not found (contexts: %s)", o.Context, contextNames(raw.Contexts))
		}
		return nil, fmt.Errorf("kubeconfig context %q: %w", o.Context, err)
	case err != nil:
		return nil, fmt.Errorf("kubeconfig: %w", err)
	}
	return cfg, nil
}

func contextNames[V any](m map[string]V) string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	if len(names) == 0 {
		return "none"
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}
