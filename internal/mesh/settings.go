package mesh

// Settings are the facts about the cluster that manifests do not carry.
type Settings struct {
	RootNamespace     string // Istio's config root namespace (istio-system)
	ClusterDomain     string // cluster.local
	AutoMTLS          bool   // meshConfig.enableAutoMtls (default true)
	RegistryOnly      bool   // outboundTrafficPolicy REGISTRY_ONLY
	IngressClasses    []IngressClassSetting
	ServerFirstImages []string // image repositories (or their last path element)
	ServerFirstPorts  []int
	AssumeInjected    []string // namespaces taken as injection-enabled when undeclared
}

// IngressClassSetting says what the inputs may not: the controller of an
// ingress class and whether it runs with a sidecar.
type IngressClassSetting struct {
	Name       string
	Controller string
	Meshed     *bool
}

// DefaultSettings are Istio's and Kubernetes' defaults.
func DefaultSettings() Settings {
	return Settings{
		RootNamespace: "istio-system",
		ClusterDomain: "cluster.local",
		AutoMTLS:      true,
		// The server-first protocols Istio's application requirements
		// name (MySQL, MongoDB, SMTP); PostgreSQL is client-first and
		// deliberately absent.
		ServerFirstImages: []string{"mysql", "mariadb", "percona", "percona-server", "mongo", "mongodb",
			"bitnami/mysql", "bitnami/mariadb", "bitnami/mongodb", "postfix", "exim"},
		ServerFirstPorts: []int{3306, 27017, 25},
	}
}
