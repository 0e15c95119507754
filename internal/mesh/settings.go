package mesh

// Settings are the facts about the cluster that manifests do not carry.
type Settings struct {
	RootNamespace     string // Istio's config root namespace (istio-system)
	ClusterDomain     string // cluster.local
	AutoMTLS          bool   // meshConfig.enableAutoMtls (default true)
	RegistryOnly      bool   // outboundTrafficPolicy REGISTRY_ONLY
	IngressClasses    []IngressClassSetting
	GatewayClasses    []GatewayClassSetting // gatewayclass.go
	ServerFirstImages []string              // image repositories (or their last path element)
	ServerFirstPorts  []int
	AssumeInjected    []string // namespaces taken as injection-enabled when undeclared

	Istio IstioSettings // .meshlint.yaml istio: version, trust domain, istiod env (istiod.go)
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
		// Only protocols whose server speaks first on a new connection:
		// - MySQL, MariaDB, Percona: the server sends the Initial Handshake
		//   packet (MySQL source docs, "Connection Phase": "the server
		//   sends the Initial Handshake Packet"; MariaDB docs
		//   "Connection": "Initial handshake packet ... sent by the server");
		// - SMTP (25, submission 587): the server's 220 greeting (RFC 5321
		//   section 3.1 "Session Initiation"; RFC 6409 section 4);
		// - FTP (21): "220 Service ready" on connection (RFC 959 section 5.4);
		// - POP3 (110): "the POP3 server issues a one line greeting"
		//   (RFC 1939 section 4);
		// - IMAP (143): "the server sends a greeting" (RFC 9051 section 7.1).
		// MongoDB is client-first (the driver sends hello/isMaster: MongoDB
		// docs "Connection Handshake"), and so is PostgreSQL (the client
		// sends StartupMessage or SSLRequest: PostgreSQL docs 55.2.1
		// "Start-up"): neither is here.
		ServerFirstImages: []string{"mysql", "mariadb", "percona", "percona-server", "percona-xtradb-cluster",
			"bitnami/mysql", "bitnami/mariadb", "postfix", "exim", "dovecot", "vsftpd", "pure-ftpd"},
		ServerFirstPorts: []int{3306, 25, 587, 21, 110, 143},
	}
}
