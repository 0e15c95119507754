# Written for conftest: meshlint reads no package main.
package main

deny contains msg if {
	some s in input.services
	msg := s.ref.name
}
