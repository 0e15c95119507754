package admission

import (
	"strings"
	"testing"
)

// nginxWorkload is an nginx Deployment serving conf (default.conf, from
// its ConfigMap) and its Service.
func nginxWorkload(nsName, name, conf string) string {
	return `apiVersion: v1
kind: ConfigMap
metadata: {name: ` + name + `-nginx, namespace: ` + nsName + `}
data:
  default.conf: |
` + conf + `
---
` + deployed(nsName, name, "        - name: nginx\n          image: nginx:1.27\n          ports: [{containerPort: 80}]\n"+
		"          volumeMounts: [{name: config, mountPath: /etc/nginx/conf.d}]\n",
		"      volumes: [{name: config, configMap: {name: "+name+"-nginx}}]\n", 80)
}

func edgeConf(xfh string) string {
	return `    server {
        listen 80;
        location / {
            proxy_set_header Host web.web.svc.cluster.local;
            proxy_set_header X-Forwarded-Host ` + xfh + `;
            proxy_pass http://web.web.svc.cluster.local;
        }
    }`
}

const webConf = `    server {
        listen 80;
        location / {
            proxy_set_header Host $http_x_forwarded_host;
            proxy_pass http://api.shop.svc.cluster.local:80;
        }
    }`

const edgeIngress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: blog, namespace: edge}
spec:
  ingressClassName: nginx
  rules: [{host: blog.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: edge, port: {number: 80}}}}]}}]
`

func edgeCM(xfh string) string { return yamlText(nginxWorkload("edge", "edge", edgeConf(xfh)), 0) }

// A Host passed on through a chain of nginx proxies (edge, web, shop):
// edge's X-Forwarded-Host decides the Host of web's hop into shop.
func TestScopeForwardedHostChain(t *testing.T) {
	st := docs(nsDoc("edge", "{istio-injection: enabled}"), nsDoc("web", "{istio-injection: enabled}"), nsDoc("shop", "{istio-injection: enabled}"),
		nsDoc("ingress-nginx", ""), nsDoc("istio-system", ""), ingressNginx, fillers(), edgeIngress,
		nginxWorkload("edge", "edge", edgeConf(`""`)), nginxWorkload("web", "web", webConf), app("shop", "api", ""))
	agreeAcross(t, crossCase{"edge's nginx now forwards X-Forwarded-Host $host to web, whose nginx sends it as Host to shop/api",
		st, Update, edgeCM(`""`), edgeCM(`$host`), "ML201"})
}

func frontApp(url string) string {
	return app("front", "client", `          env: [{name: API_URL, value: "`+url+`"}]`)
}

const aliasSvc = `apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: alias}
spec: {type: ExternalName, externalName: api.shop.svc.cluster.local, ports: [{name: http, port: 80}]}
`

const onlyOther = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: only-other, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  action: ALLOW
  rules: [{from: [{source: {principals: ["cluster.local/ns/other/sa/default"]}}]}]
`

// An ExternalName Service is an alias: front calls shop through alias.
func TestScopeExternalNameAlias(t *testing.T) {
	st := docs(nsDoc("front", "{istio-injection: enabled}"), nsDoc("alias", ""), nsDoc("shop", "{istio-injection: enabled}"),
		nsDoc("istio-system", ""), fillers(), frontApp("http://legacy.alias:80"), aliasSvc, app("shop", "api", ""))
	agreeAcross(t, crossCase{"ALLOW policy in shop refuses front, which calls shop/api through alias/legacy (ExternalName)", st, Create, "", onlyOther, "ML405"})
}

// A DestinationRule exported to a namespace by name applies to its
// clients there.
func TestScopeDestinationRuleExportTo(t *testing.T) {
	dr := `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: shop}
spec:
  host: api.shop.svc.cluster.local
  exportTo: [client]
  trafficPolicy: {tls: {mode: DISABLE}}
`
	base := []string{nsDoc("client", "{istio-injection: enabled}"), nsDoc("shop", "{istio-injection: enabled}"), nsDoc("istio-system", ""),
		fillers(), app("shop", "api", ""), strictPA("shop")}
	agreeAcross(t, crossCase{"DestinationRule of shop exported to client only, DISABLE to STRICT api", docs(append(base, app("client", "c", ""))...), Create, "", dr, "ML102"})
	c := yamlText(app("client", "c", ""), 0)
	agreeAcross(t, crossCase{"client becomes meshed, the DestinationRule of shop exported to it sends DISABLE to STRICT api", docs(append(base, dr)...), Create, "", c, "ML102"})
}

// routingVS routes the external Host blog.example.com, from a namespace of
// its own, to edge's nginx, which sends that Host on to shop (hostEdgeState).
const routingVS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: blog, namespace: routing}
spec:
  hosts: [blog.example.com]
  http: [{route: [{destination: {host: edge.edge.svc.cluster.local}}]}]
`

// hostEdgeState is the state of the two VirtualService cases, shop's
// Namespace labelled shopLabels.
func hostEdgeState(shopLabels string) string {
	conf := `    server {
        listen 80;
        location / {
            proxy_set_header Host $host;
            proxy_pass http://api.shop.svc.cluster.local:80;
        }
    }`
	return docs(nsDoc("edge", "{istio-injection: enabled}"), nsDoc("routing", ""), nsDoc("shop", shopLabels),
		nsDoc("ingress-nginx", ""), nsDoc("istio-system", ""), ingressNginx, fillers(), edgeIngress,
		nginxWorkload("edge", "edge", conf), app("shop", "api", ""), routingVS)
}

// A VirtualService of a third namespace routes the Host that edge's nginx
// sends on to shop.
func TestScopeVirtualServiceHostOfAForwardingNginx(t *testing.T) {
	agreeAcross(t, crossCase{"VirtualService for blog.example.com deleted: edge's nginx sends Host blog.example.com to shop/api",
		hostEdgeState("{istio-injection: enabled}"), Delete, routingVS, "", "ML201"})
}

// The same from the server's side: without routing's VirtualService in
// the evaluation, the engine denied what the oracle allows.
func TestScopeVirtualServiceHostOnAServerSideChange(t *testing.T) {
	agreeAcross(t, crossCase{"shop turns injection on; edge's nginx sends Host blog.example.com, which routing's VirtualService routes",
		hostEdgeState(""), Update, nsDoc("shop", ""), nsDoc("shop", "{istio-injection: enabled}"), ""})
}

// The alias from the caller's side: front starts calling it.
func TestScopeAliasReverse(t *testing.T) {
	st := docs(nsDoc("front", "{istio-injection: enabled}"), nsDoc("alias", ""), nsDoc("shop", "{istio-injection: enabled}"),
		nsDoc("istio-system", ""), fillers(), aliasSvc, app("shop", "api", ""), onlyOther)
	agreeAcross(t, crossCase{"front starts calling alias/legacy (ExternalName of shop/api), which refuses front", st, Create, "",
		yamlText(frontApp("http://legacy.alias:80"), 0), "ML405"})
}

// A root DestinationRule exported by name to a namespace makes it a client
// of the host's namespace: a change there is judged with that client.
func TestScopeRootDestinationRuleExportTo(t *testing.T) {
	dr := `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: istio-system}
spec:
  host: api.shop.svc.cluster.local
  exportTo: [client]
  trafficPolicy: {tls: {mode: DISABLE}}
`
	permissive := strings.Replace(strictPA("shop"), "STRICT", "PERMISSIVE", 1)
	st := docs(nsDoc("client", "{istio-injection: enabled}"), nsDoc("shop", "{istio-injection: enabled}"), nsDoc("istio-system", ""),
		fillers(), app("shop", "api", ""), app("client", "c", ""), dr, permissive)
	agreeAcross(t, crossCase{"shop turns STRICT under the root's DISABLE exported to client", st, Update, permissive, strictPA("shop"), "ML102"})
}

// A call by a Service's ClusterIP: the address is the link, both ways.
func TestScopeClusterIPCall(t *testing.T) {
	api := `apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {clusterIP: 10.96.7.7, selector: {app: api}, ports: [{name: http, port: 80, targetPort: 8080}]}
`
	base := []string{nsDoc("front", "{istio-injection: enabled}"), nsDoc("shop", "{istio-injection: enabled}"),
		nsDoc("istio-system", ""), fillers(), yamlText(app("shop", "api", ""), 0), api}
	agreeAcross(t, crossCase{"ALLOW policy in shop refuses front, which calls shop/api by its ClusterIP",
		docs(append(base, frontApp("http://10.96.7.7:80"))...), Create, "", onlyOther, "ML405"})
	agreeAcross(t, crossCase{"front starts calling shop/api by its ClusterIP, which refuses front",
		docs(append(base, onlyOther)...), Create, "", yamlText(frontApp("http://10.96.7.7:80"), 0), "ML405"})
}
