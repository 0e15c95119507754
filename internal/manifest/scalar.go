package manifest

import (
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// scalar decodes a scalar node by the tag yaml.v3 resolved (YAML 1.2 core
// schema: "yes"/"on" stay strings; timestamps stay strings, as yaml.v3 does
// when decoding into interface{}). Ints are int64; ints beyond int64 and
// floats are float64. A value that does not parse as its explicit tag (e.g.
// "!!int abc") stays a string.
func scalar(n *yaml.Node) any {
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		switch n.Value {
		case "true", "True", "TRUE":
			return true
		case "false", "False", "FALSE":
			return false
		}
	case "!!int":
		if v, ok := parseInt(n.Value); ok {
			return v
		}
	case "!!float":
		if v, ok := parseFloat(n.Value); ok {
			return v
		}
	}
	return n.Value
}

// parseInt follows yaml.v3's resolve: underscores are ignored, and 0x, 0o,
// 0b and 1.1-style 0 prefixes set the base.
func parseInt(s string) (any, bool) {
	s = strings.ReplaceAll(s, "_", "")
	if i, err := strconv.ParseInt(s, 0, 64); err == nil {
		return i, true
	}
	if u, err := strconv.ParseUint(s, 0, 64); err == nil {
		return float64(u), true
	}
	return parseFloat(s)
}

func parseFloat(s string) (any, bool) {
	switch s {
	case ".nan", ".NaN", ".NAN":
		return math.NaN(), true
	case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
		return math.Inf(1), true
	case "-.inf", "-.Inf", "-.INF":
		return math.Inf(-1), true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	if err != nil {
		return nil, false
	}
	return f, true
}

// scalarKey is the map key for a scalar node: strings as written, other
// scalars as their decoded value prints (0x10 -> "16", ~ -> "null").
func scalarKey(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		return "", false
	}
	if n.Tag == "!!str" {
		return n.Value, true
	}
	switch v := scalar(n).(type) {
	case string:
		return v, true
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), true
	case bool:
		return strconv.FormatBool(v), true
	}
	return "null", true
}
