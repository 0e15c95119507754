package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// SARIF writes a SARIF 2.1.0 log for code scanning (GitHub, GitLab, IDEs).
// Every catalogue rule is a reportingDescriptor whose ID is the catalogue
// ID; each finding is a result located by file and line when it has them
// and always by its object (Kind/namespace/name). The output carries no
// timestamps or absolute paths, so the same input gives the same bytes.
//
// SARIF: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
// GitHub: https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
type SARIF struct {
	Version string // tool.driver.version; omitted when empty
	// Root (Options.SourceRoot): paths become relative to it, and the run
	// says where %SRCROOT% is (originalUriBaseIds).
	Root string
}

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifSrcRoot = "%SRCROOT%"
	// sarifFingerprint names meshlint's partialFingerprints entry; the /v1
	// lets a later release change what it hashes without clashing.
	sarifFingerprint = "meshlintFinding/v1"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool                `json:"tool"`
	BaseIDs     map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
	Invocations []sarifInvocation        `json:"invocations"`
	Results     []sarifResult            `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string           `json:"name"`
	InformationURI string           `json:"informationUri"`
	Version        string           `json:"version,omitempty"`
	Rules          []sarifRuleEntry `json:"rules"`
}

// sarifRuleEntry is a SARIF reportingDescriptor.
type sarifRuleEntry struct {
	ID                   string          `json:"id"`
	Name                 string          `json:"name,omitempty"`
	ShortDescription     *sarifText      `json:"shortDescription,omitempty"`
	FullDescription      *sarifText      `json:"fullDescription,omitempty"`
	Help                 *sarifText      `json:"help,omitempty"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration *sarifConfig    `json:"defaultConfiguration,omitempty"`
	Properties           *sarifRuleProps `json:"properties,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

// sarifRuleProps are the rule properties GitHub code scanning reads.
type sarifRuleProps struct {
	Tags      []string `json:"tags,omitempty"`
	Precision string   `json:"precision"`
	Severity  string   `json:"problem.severity"`
}

type sarifInvocation struct {
	ExecutionSuccessful bool                `json:"executionSuccessful"`
	Notifications       []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID           string             `json:"ruleId"`
	RuleIndex        int                `json:"ruleIndex"`
	Level            string             `json:"level"`
	Message          sarifText          `json:"message"`
	Locations        []sarifLocation    `json:"locations"`
	RelatedLocations []sarifLocation    `json:"relatedLocations,omitempty"`
	Fingerprints     map[string]string  `json:"partialFingerprints"`
	Suppressions     []sarifSuppression `json:"suppressions,omitempty"` // sarif_suppressed.go
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifLocation struct {
	Physical *sarifPhysical `json:"physicalLocation,omitempty"`
	Logical  []sarifLogical `json:"logicalLocations,omitempty"`
	Message  *sarifText     `json:"message,omitempty"`
}

type sarifPhysical struct {
	Artifact sarifArtifact `json:"artifactLocation"`
	Region   *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

type sarifLogical struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// Format implements Formatter.
func (s SARIF) Format(w io.Writer, r *Report) error {
	rules := rulesOf(append(catalogIDs(), r.Rules...), append(slices.Clip(r.Findings), waivedFindings(r.Suppressed)...))
	index := make(map[string]int, len(rules))
	var run sarifRun
	run.Tool.Driver = sarifDriver{Name: "meshlint", InformationURI: "https://github.com/meshlint/meshlint",
		Version: s.Version, Rules: make([]sarifRuleEntry, len(rules))}
	for i, rl := range rules {
		index[rl.ID] = i
		run.Tool.Driver.Rules[i] = sarifRuleOf(rl)
	}
	run.Results = make([]sarifResult, len(r.Findings))
	for i := range r.Findings {
		f := r.Findings[i]
		f.File = rooted(s.Root, f.File)
		run.Results[i] = sarifResultOf(&f, index[f.Rule])
	}
	for _, w := range r.Suppressed {
		run.Results = append(run.Results, s.suppressedResult(w, index[w.Finding.Rule]))
	}
	run.Invocations = []sarifInvocation{sarifInvocationOf(r.Errors, r.Notices, s.Root)}
	if s.Root != "" {
		root := filepath.ToSlash(s.Root)
		if !strings.HasPrefix(root, "/") {
			root = "/" + root
		}
		if !strings.HasSuffix(root, "/") {
			root += "/"
		}
		run.BaseIDs = map[string]sarifArtifact{sarifSrcRoot: {URI: (&url.URL{Scheme: "file", Path: root}).String()}}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // messages quote nginx and YAML; keep <, > and & readable
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifRuleOf describes a catalogue rule in full; a user rule gets only its
// ID and name, enough for its results' ruleId and ruleIndex to resolve.
func sarifRuleOf(r rule) sarifRuleEntry {
	d := sarifRuleEntry{ID: r.ID, Name: r.Name}
	if !r.Catalogued {
		return d
	}
	d.ShortDescription = &sarifText{Text: r.Summary}
	d.FullDescription = &sarifText{Text: strings.TrimRight(r.Description, "\n")}
	fix := strings.TrimRight(r.Remediation, "\n")
	d.Help = &sarifText{Text: fix, Markdown: fix}
	d.HelpURI = r.HelpURI()
	d.DefaultConfiguration = &sarifConfig{Level: severityWord(r.Severity, "note", "none")}
	// precision "high": the rules follow documented Istio and nginx
	// semantics, but a manifest set can still miss an object the cluster has.
	// problem.severity is GitHub's: error, warning or recommendation.
	d.Properties = &sarifRuleProps{Tags: r.Tags(), Precision: "high",
		Severity: severityWord(r.Severity, "recommendation", "recommendation")}
	return d
}

func sarifResultOf(f *finding.Finding, ruleIndex int) sarifResult {
	res := sarifResult{RuleID: f.Rule, RuleIndex: ruleIndex, Level: severityWord(f.Severity, "note", "none"),
		Message:      sarifText{Text: withFix(f)},
		Locations:    []sarifLocation{sarifFileLocation(f.File, f.Line)},
		Fingerprints: map[string]string{sarifFingerprint: fingerprint(f)}}
	res.Locations[0].Logical = []sarifLogical{sarifObject(f.Object)}
	for _, ref := range f.Related {
		res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
			Logical: []sarifLogical{sarifObject(ref)}, Message: &sarifText{Text: ref.String()}})
	}
	return res
}

// fingerprint identifies a finding across commits, so code scanning keeps
// one alert while lines move: the rule, the object (without apiVersion,
// which upgrades change) and the message, which tells two findings of one
// rule on one object apart (two ports, two locations).
func fingerprint(f *finding.Finding) string {
	sum := sha256.Sum256([]byte(f.Rule + "\x00" + f.Object.String() + "\x00" + f.Message))
	return hex.EncodeToString(sum[:16])
}

// sarifInvocationOf reports input errors as tool execution notifications:
// the run did not see every input, so it was not successful. Input notices
// follow at level warning; they leave the run successful.
func sarifInvocationOf(errs []error, notices []Notice, root string) sarifInvocation {
	inv := sarifInvocation{ExecutionSuccessful: len(errs) == 0}
	for _, err := range errs {
		file, line, msg := inputError(err)
		n := sarifNotification{Level: "error", Message: sarifText{Text: msg}}
		if file != "" {
			n.Locations = []sarifLocation{sarifFileLocation(rooted(root, file), line)}
		}
		inv.Notifications = append(inv.Notifications, n)
	}
	for _, no := range notices {
		n := sarifNotification{Level: "warning", Message: sarifText{Text: no.Msg}}
		if no.File != "" {
			n.Locations = []sarifLocation{sarifFileLocation(rooted(root, no.File), no.Line)}
		}
		inv.Notifications = append(inv.Notifications, n)
	}
	return inv
}

// sarifFileLocation locates file:line; no physical location for objects
// read from a cluster (file ""), no region when the line is unknown.
func sarifFileLocation(file string, line int) sarifLocation {
	if file == "" {
		return sarifLocation{}
	}
	p := &sarifPhysical{Artifact: sarifArtifactOf(file)}
	if line > 0 {
		p.Region = &sarifRegion{StartLine: line}
	}
	return sarifLocation{Physical: p}
}

// sarifArtifactOf turns a path as given into a URI reference: relative
// paths resolve against %SRCROOT% (the checkout, for code scanning);
// absolute ones become file URIs. url.URL escapes spaces and the like.
func sarifArtifactOf(file string) sarifArtifact {
	p := filepath.ToSlash(file)
	if filepath.IsAbs(file) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // C:/x -> file:///C:/x
		}
		return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: p}).String()}
	}
	return sarifArtifact{URI: (&url.URL{Path: p}).String(), URIBaseID: sarifSrcRoot}
}

func sarifObject(ref manifest.Ref) sarifLogical {
	return sarifLogical{Name: ref.Name, FullyQualifiedName: ref.String(), Kind: "resource"}
}
