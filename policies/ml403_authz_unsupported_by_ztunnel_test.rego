package meshlint.rules.ml403_test

import data.meshlint.rules.ml403

ap := {"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "namespace": "shop", "name": "api"}

api := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "api"}

policy(action, rules, all, unsupported) := {"ref": ap, "line": 3, "action": action, "action_line": 9, "unsupported_action": unsupported,
	"workloads": [api], "http_rules": rules, "all_rules_http": all}

paths_rule := {"index": 0, "line": 12, "attributes": ["methods", "paths"]}

test_allow_with_only_http_rules_refuses_every_connection if {
	fs := ml403.findings with input as {"ztunnel_policies": [policy("ALLOW", [paths_rule], true, false)]}
	count(fs) == 1
	some f in fs
	f.line == 12
	contains(f.message, "every connection is refused")
	contains(f.message, "methods, paths")
	f.related == [api]
}

test_allow_with_some_http_rules_names_the_lost_callers if {
	some f in ml403.findings with input as {"ztunnel_policies": [policy("ALLOW", [paths_rule], false, false)]}
	contains(f.message, "the callers they admit are refused")
}

test_deny_with_http_rules_refuses_more if {
	some f in ml403.findings with input as {"ztunnel_policies": [policy("DENY", [paths_rule], true, false)]}
	contains(f.message, "on their L4 part alone")
}

test_custom_is_not_enforced if {
	some f in ml403.findings with input as {"ztunnel_policies": [policy("CUSTOM", [], false, true)]}
	f.line == 9
	contains(f.message, "does not support action CUSTOM")
}

test_no_policy_no_finding if {
	count(ml403.findings) == 0 with input as {"ztunnel_policies": []}
}
