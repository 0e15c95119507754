package meshlint.rules.team_denies

deny contains msg if {
	some s in input.services
	msg := s.ref.name
}
