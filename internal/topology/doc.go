// Package topology turns the mesh model into the field report's tables and
// into a graph: the scale of the stack (namespaces, Services, mesh
// coverage, Istio objects) and one row per hop with the protocol it
// carries and what the mesh does to it (mTLS, plain text, passthrough,
// broken). `meshlint report` prints the tables (text, markdown, json) and
// `meshlint graph` the graph (mermaid, dot, or an HTML page with the
// tables; docs/graph.md), narrowed by a Filter; both read only the model, so
// they show what `meshlint lint` reasons about.
//
// # JSON shape (stable: fields are only ever added)
//
//	{"scale": {
//	   "namespaces": {"count": 2, "names": ["blog-system", "istio-system"]},
//	   "services":   {"count": 3, "names": ["web-service", "was-service", "mysql"]},
//	   "mesh_coverage": {"percent": 66, "meshed": ["web-service", "was-service"],
//	                     "not_meshed": ["mysql"]},
//	   "destination_rules": 3, "virtual_services": 1,
//	   "authorization_policies": 2, "peer_authentications": 2},
//	 "nodes": [{"id": "deployment_blog_system_web", "label": "web",
//	            "kind": "workload", "namespace": "blog-system",
//	            "meshed": true, "dataplane": "sidecar", "meshed_known": true,
//	            "ref": {"apiVersion": "apps/v1", "kind": "Deployment",
//	                    "namespace": "blog-system", "name": "web"}}],
//	 "hops": [{"hop": "web -> was:8080", "from": "deployment_blog_system_web",
//	           "to": "deployment_blog_system_was",
//	           "service": {"apiVersion": "v1", "kind": "Service",
//	                       "namespace": "blog-system", "name": "was-service"},
//	           "port": 8080, "protocol": "HTTP", "mode": "sidecar -> sidecar", "outcome": "mtls",
//	           "label": "mTLS", "class": "mtls", "why": "...",
//	           "via": [{"file": "manifests/blog-system/web-nginx-config.yaml", "line": 33}]}]}
//
// Names in scale and labels are short (the object's name) unless two
// objects share it across namespaces; they are then "namespace/name".
// Node kinds: "workload"; "ingress-controller" (its workload when the
// inputs hold it, else the ref {"kind": "IngressController", "name":
// "<class>"} and no namespace); "service" (a Service the inputs hold no
// workload behind). meshed is true when a proxy of the mesh carries the
// node's traffic, dataplane says which ("none", "sidecar", "ambient").
// meshed_known is false when the mesh status rests on
// what the inputs do not tell. Hops come in the model's order (ingress,
// nginx, application settings); one row merges the model's hops with the
// same nodes, Service port and outcome, and via lists every place that
// declares it. mode is what carries the hop at each end: "sidecar",
// "ztunnel" (ambient) or "none", with the waypoint between them
// ("ztunnel -> waypoint -> ztunnel"), "?" for a server the inputs lack.
// outcome is the model's (docs/facts.md, hops.outcome);
// label is the words the report uses; class is the colour group: "mtls",
// "plaintext" (plain text by design), "broken" (passthrough, misrouted,
// rejected, denied, hangs) or "unknown".
package topology
