package action

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// annotation is one workflow command of the github format.
var annotation = regexp.MustCompile(`(?m)^::(error|warning|notice) file=([^,]+),line=(\d+),title=(ML\d+) [^:]*::`)

// located is a finding by rule, file and line, as annotations and SARIF
// both say it.
type located struct {
	rule, file string
	line       int
}

func annotations(log string) []located {
	var got []located
	for _, m := range annotation.FindAllStringSubmatch(log, -1) {
		var line int
		fmt.Sscan(m[3], &line)
		got = append(got, located{m[4], m[2], line})
	}
	return got
}

func sarifResults(t *testing.T, file string) []located {
	t.Helper()
	var doc struct {
		Version string
		Runs    []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(readFile(t, file)), &doc); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if doc.Version != "2.1.0" || len(doc.Runs) != 1 {
		t.Fatalf("%s: SARIF %q with %d runs, want 2.1.0 with one run", file, doc.Version, len(doc.Runs))
	}
	var got []located
	for _, r := range doc.Runs[0].Results {
		for _, l := range r.Locations {
			got = append(got, located{r.RuleID, l.PhysicalLocation.ArtifactLocation.URI, l.PhysicalLocation.Region.StartLine})
		}
	}
	return got
}

// checkFindings: the run annotated the break and wrote the same findings
// to SARIF, paths relative to the repository as code scanning wants.
func checkFindings(t *testing.T, r run, ws string, line int) {
	t.Helper()
	want := located{"ML201", nginxConf, line}
	got := annotations(r.log)
	if !slices.Contains(got, want) {
		t.Errorf("no annotation %v among %v\n%s", want, got, r)
	}
	sarif := sarifResults(t, filepath.Join(ws, r.outputs["sarif-file"]))
	slices.SortFunc(got, compareLocated)
	slices.SortFunc(sarif, compareLocated)
	if !slices.Equal(got, sarif) {
		t.Errorf("annotations %v, SARIF results %v: want the same findings", got, sarif)
	}
}

func compareLocated(a, b located) int {
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func TestSourceBuildAnnotatesTheBreakAndWritesSARIF(t *testing.T) {
	ws, line := workspace(t, true)
	r := newRunner(ws).use(t, map[string]string{"paths": "deploy/", "version": "source", "sarif-file": "out/meshlint.sarif"})
	if r.failed != "run" || r.exit != 1 || r.outputs["exit-code"] != "1" {
		t.Fatalf("want the lint step to fail with exit 1 on the break: %s", r)
	}
	if r.outputs["installed"] != "source" || r.outputs["sarif-file"] != "out/meshlint.sarif" {
		t.Errorf("outputs %v: want installed=source, sarif-file=out/meshlint.sarif", r.outputs)
	}
	checkFindings(t, r, ws, line)
}

func TestReleaseArchiveIsVerifiedAndInstalled(t *testing.T) {
	releases := release(t, releaseVersion)
	ws, _ := workspace(t, false)
	with := map[string]string{"paths": "deploy", "version": releaseVersion, "download-url": "file://" + releases}
	r := newRunner(ws).use(t, with)
	if r.failed != "" || r.outputs["exit-code"] != "0" || r.outputs["installed"] != "release" {
		t.Fatalf("want a clean run of the released binary: %s", r)
	}
	if !strings.Contains(r.log, "meshlint "+releaseVersion+" (commit 0ac7105") {
		t.Errorf("the installed binary is not the release's:\n%s", r.log)
	}
	if got := annotations(r.log); len(got) != 0 || len(sarifResults(t, filepath.Join(ws, "meshlint.sarif"))) != 0 {
		t.Errorf("the blog stack is clean, yet annotations %v\n%s", got, r.log)
	}

	t.Run("an archive whose checksum does not match is not installed", func(t *testing.T) {
		changed := t.TempDir()
		copyTree(t, releases, changed)
		archive := filepath.Join(changed, releaseVersion, archiveName(releaseVersion))
		data := []byte(readFile(t, archive))
		data[len(data)/2] ^= 0xff
		if err := os.WriteFile(archive, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r := newRunner(ws).use(t, map[string]string{"paths": "deploy", "version": releaseVersion, "download-url": "file://" + changed})
		if r.failed != "install" || r.exit == 0 || !strings.Contains(r.log, "::error title=meshlint::checksum of "+archiveName(releaseVersion)) {
			t.Errorf("want the install step to refuse the changed archive: %s", r)
		}
		if r.steps["install"]["bin"] != "" {
			t.Errorf("a changed archive was installed: %v", r.steps["install"])
		}
	})
	t.Run("a version without a release archive is built from source", func(t *testing.T) {
		r := newRunner(ws).use(t, map[string]string{"paths": "deploy", "version": "v9.9.9", "download-url": "file://" + releases})
		if r.failed != "" || r.outputs["installed"] != "source" || !strings.Contains(r.log, "::warning title=meshlint::no release archive") {
			t.Errorf("want a warning and a source build: %s", r)
		}
		if !strings.Contains(r.log, "meshlint v9.9.9 ") {
			t.Errorf("the source build does not carry the version asked for:\n%s", r.log)
		}
	})
}

func TestDiffBaseWritesTheTrafficDiff(t *testing.T) {
	ws, _ := workspace(t, true)
	// The release install: the source build has a test of its own.
	with := map[string]string{"paths": "deploy/", "version": releaseVersion, "download-url": "file://" + release(t, releaseVersion)}
	with["diff-base"] = "origin/main"
	r := newRunner(ws).use(t, with)
	if r.failed != "run" || r.exit != 1 || r.outputs["diff-exit-code"] != "1" {
		t.Fatalf("want diff-exit-code 1 (the change adds an error) and the step failing: %s", r)
	}
	md := readFile(t, filepath.Join(ws, r.outputs["diff-file"]))
	for _, want := range []string{"ML201", "web-nginx-config.yaml", "```mermaid"} {
		if !strings.Contains(md, want) {
			t.Errorf("the diff's markdown lacks %q:\n%s", want, md)
		}
	}
	if r.outputs["diff-markdown"] != strings.TrimSuffix(md, "\n") || !strings.Contains(r.summary, md) {
		t.Errorf("diff-markdown output and job summary should hold the diff file:\noutput %q\nsummary %q", r.outputs["diff-markdown"], r.summary)
	}

	t.Run("a base the checkout lacks is named, not diffed", func(t *testing.T) {
		with["diff-base"] = "origin/nope"
		r := newRunner(ws).use(t, with)
		if r.exit != 2 || r.outputs["diff-exit-code"] != "2" || !strings.Contains(r.log, "fetch-depth: 0") {
			t.Errorf("want exit 2 naming fetch-depth: %s", r)
		}
	})
}

// TestExcludeLeavesPathsOut: the exclude input reaches meshlint as
// --exclude: a vendored manifest with an error fails the step until the
// input leaves its directory out.
func TestExcludeLeavesPathsOut(t *testing.T) {
	ws, _ := workspace(t, false)
	vendored := "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: blog-system\nspec:\n  mtls:\n    mode: Permissive\n"
	if err := os.MkdirAll(filepath.Join(ws, "vendor"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ws, "vendor", "third-party.yaml"), []byte(vendored), 0o644); err != nil {
		t.Fatal(err)
	}
	in := map[string]string{"paths": "deploy/ vendor/", "version": "source"}
	if r := newRunner(ws).use(t, in); r.exit != 1 {
		t.Fatalf("want the vendored error to fail the step without exclude: %s", r)
	}
	in["exclude"] = "docs/**\nvendor/**"
	r := newRunner(ws).use(t, in)
	if r.failed != "" || r.exit != 0 || r.outputs["exit-code"] != "0" {
		t.Fatalf("want a clean run with vendor/ excluded: %s", r)
	}
}
