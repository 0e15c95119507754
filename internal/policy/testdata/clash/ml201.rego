# METADATA
# custom:
#   id: ML201
package meshlint.rules.team_ml201

findings contains f if {
	some s in input.services
	f := {"rule": "ML201", "object": s.ref, "message": "mine"}
}
