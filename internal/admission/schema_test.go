package admission

import "testing"

// An Istio object the API server would refuse or prune is denied with
// ML001 (docs/mesh-semantics.md section 9). A real API server refuses
// such an object itself before its validating webhooks run (schema and CEL
// validation come first) or hands them the object already pruned; the
// engine still judges the object it is given, as `meshlint lint` does.
func TestIstioSchemaIsDenied(t *testing.T) {
	final := load(t, finalStack)
	pa := find(t, final, namespacePA)
	cases := []validateCase{
		{sentence: "a PeerAuthentication updated to mode Permissive is denied with ML001 listing the valid values",
			state: final, req: request(t, Update, pa, edited(t, pa, func(b map[string]any) {
				b["spec"] = map[string]any{"mtls": map[string]any{"mode": "Permissive"}}
			})),
			errors: []string{"ML001"}, message: []string{"ML001: " + namespacePA + ": the API server refuses", `"PERMISSIVE"`}},
		{sentence: "a DestinationRule updated with trafficPolicy.TLS (an unknown field) is denied with the suggestion tls",
			state: final, req: request(t, Update, find(t, final, wasDR), edited(t, find(t, final, wasDR), func(b map[string]any) {
				b["spec"].(map[string]any)["trafficPolicy"] = map[string]any{"TLS": map[string]any{"mode": "ISTIO_MUTUAL"}}
			})),
			errors: []string{"ML001"}, message: []string{"did you mean tls?"}},
	}
	for _, tc := range cases {
		tc.expect(t, check(t, engine(t, tc.config), storeOf(tc.state), tc.req))
	}
}
