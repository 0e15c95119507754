// Command meshlint lints Kubernetes manifests for the traps of running
// Istio behind an nginx ingress: 502s, PassthroughCluster hops, 403s and
// hangs that no schema check sees.
package main

import "os"

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
