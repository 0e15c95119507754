package meshlint.rules.team_no_sniffed_ports_test

import data.meshlint.rules.team_no_sniffed_ports

test_sniffed_port_is_reported if {
	count(team_no_sniffed_ports.findings) == 1 with input as data.facts
}
