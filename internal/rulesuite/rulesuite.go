// Package rulesuite reads the rule fixture suites,
// testdata/rules/<ID>/suite.yaml: cases of objects with the findings of
// the rule they must produce (any order), gatekeeper-library style. The
// rule tests and the report-versus-lint meta-test read them alike.
package rulesuite

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/meshlint/meshlint/internal/config"
)

// Suite is one suite.yaml.
type Suite struct {
	Rule   string    `yaml:"rule"`
	Config yaml.Node `yaml:"config"`
	Cases  []Case    `yaml:"cases"`
}

// Case is a file of objects, the config it is linted with (over the
// suite's), and the findings expected.
type Case struct {
	Name   string    `yaml:"name"`
	File   string    `yaml:"file"`
	Config yaml.Node `yaml:"config"`
	Expect []Expect  `yaml:"expect"`
}

// Expect names a finding: the object as Kind/namespace/name, and
// optionally its line and severity.
type Expect struct {
	Object   string `yaml:"object"`
	Line     int    `yaml:"line"`
	Severity string `yaml:"severity"`
}

// Load reads the suite at path; unknown keys are errors.
func Load(path string) (Suite, error) {
	var s Suite
	b, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		return s, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// CaseConfig builds the config of a case: the suite's, then the case's,
// written to a config file under dir and loaded as users' files are.
func (s Suite) CaseConfig(c Case, dir string) (*config.Config, error) {
	var doc strings.Builder
	for _, n := range []yaml.Node{s.Config, c.Config} {
		if n.Kind == 0 {
			continue
		}
		b, err := yaml.Marshal(&n)
		if err != nil {
			return nil, err
		}
		doc.Write(b)
	}
	if doc.Len() == 0 {
		return config.Default(), nil
	}
	path := filepath.Join(dir, config.FileName)
	if err := os.WriteFile(path, []byte(doc.String()), 0o644); err != nil {
		return nil, err
	}
	return config.Load(path)
}
