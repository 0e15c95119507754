package catalog

import (
	"strings"
	"testing"
)

func TestMarkdownPageHasEverySection(t *testing.T) {
	r, _ := Lookup("ML201")
	page := Markdown(r)
	for _, want := range []string{"# ML201 host-header-passthrough", "**Severity:** error",
		"## What breaks", "## Severity variants", "- **info** when", "## How to fix",
		"proxy_set_header Host was-service;", "## Semantics", "generateVirtualHostDomains"} {
		if !strings.Contains(page, want) {
			t.Errorf("ML201 page lacks %q", want)
		}
	}
}

func TestMarkdownMutationPage(t *testing.T) {
	r, _ := Lookup("MM02")
	page := Markdown(r)
	for _, want := range []string{"# MM02 server-first-sidecar-exclusion", "**Applies to:**",
		"**Never:**", "## What it does", "## How to apply"} {
		if !strings.Contains(page, want) {
			t.Errorf("MM02 page lacks %q", want)
		}
	}
	if strings.Contains(page, "Severity") {
		t.Error("a mutation page shows a severity")
	}
}

func TestIndexLinksEveryEntry(t *testing.T) {
	idx := IndexMarkdown()
	for _, r := range All() {
		if !strings.Contains(idx, "| ["+r.ID+"]("+r.ID+".md) | "+r.Name+" |") {
			t.Errorf("index lacks a row for %s", r.ID)
		}
	}
}

func TestDocFilesCoverTheCatalogue(t *testing.T) {
	files := DocFiles()
	if len(files) != len(All())+1 {
		t.Fatalf("%d files for %d entries", len(files), len(All()))
	}
	for name, body := range files {
		if !strings.HasPrefix(body, "<!-- Generated") {
			t.Errorf("%s lacks the generated note", name)
		}
	}
	if !strings.Contains(files["ML101.md"], "# ML101 ") || !strings.Contains(files["README.md"], "## Mutations") {
		t.Error("pages misplaced")
	}
}
