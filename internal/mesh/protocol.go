package mesh

import "strings"

// Protocol is Istio's protocol of a Service port. Sniffed means Istio could
// not tell and detects it at run time.
type Protocol string

// Protocols as Istio names them (pkg/config/protocol/instance.go).
const (
	HTTP      Protocol = "HTTP"
	HTTP2     Protocol = "HTTP2"
	HTTPS     Protocol = "HTTPS"
	GRPC      Protocol = "GRPC"
	GRPCWeb   Protocol = "GRPC-Web"
	HTTPProxy Protocol = "HTTP_PROXY"
	TCP       Protocol = "TCP"
	TLS       Protocol = "TLS"
	UDP       Protocol = "UDP"
	Mongo     Protocol = "Mongo"
	MySQL     Protocol = "MySQL"
	Redis     Protocol = "Redis"
	Sniffed   Protocol = "Sniffed"
)

var protocolNames = map[string]Protocol{
	"http": HTTP, "http2": HTTP2, "https": HTTPS, "grpc": GRPC, "grpc-web": GRPCWeb,
	"http_proxy": HTTPProxy, "tcp": TCP, "tls": TLS, "udp": UDP,
	"mongo": Mongo, "mysql": MySQL, "redis": Redis,
}

// wellKnownTCPPorts are taken as TCP when the protocol is not declared.
// Istio: pkg/config/kube/conversion.go wellKnownPorts.
var wellKnownTCPPorts = map[int]bool{25: true, 53: true, 3306: true, 27017: true}

// IsHTTP reports whether the sidecar routes the port by Host header.
// Istio: pkg/config/protocol/instance.go IsHTTP.
func (p Protocol) IsHTTP() bool {
	switch p {
	case HTTP, HTTP2, GRPC, GRPCWeb, HTTPProxy:
		return true
	}
	return false
}

// ConvertProtocol follows Istio: pkg/config/kube/conversion.go ConvertProtocol.
// UDP wins; appProtocol replaces the port name (with the kubernetes.io/
// names mapped); "grpc-web" is checked before the prefix split; the prefix
// before the first "-" is parsed case-insensitively; unknown prefixes are
// sniffed except on the well-known TCP ports.
func ConvertProtocol(port int, name, kubeProto, appProtocol string) (Protocol, bool) {
	if strings.EqualFold(kubeProto, "UDP") {
		return UDP, true
	}
	if appProtocol != "" {
		name = appProtocol
		switch name {
		case "kubernetes.io/h2c":
			return HTTP2, true
		case "kubernetes.io/ws":
			return HTTP, true
		case "kubernetes.io/wss":
			return HTTPS, true
		}
	}
	lower := strings.ToLower(name)
	if strings.HasPrefix(lower, "grpc-web") {
		return GRPCWeb, true
	}
	if i := strings.IndexByte(lower, '-'); i >= 0 {
		lower = lower[:i]
	}
	if p, ok := protocolNames[lower]; ok {
		return p, true
	}
	if wellKnownTCPPorts[port] {
		return TCP, false
	}
	return Sniffed, false
}
