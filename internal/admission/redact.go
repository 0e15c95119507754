package admission

import (
	"regexp"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// The webhook answers whoever reaches it, and its denials and warnings go
// to whoever made the request. A change in one namespace can break
// objects of another (a STRICT PeerAuthentication behind an ingress
// controller elsewhere, a Host header that defeats another namespace's
// AuthorizationPolicy): the answer says so, without naming what the
// requester may not be allowed to read. Objects of another namespace are
// "a Kind in another namespace", and "namespace X" becomes "another
// namespace"; objects of the request's namespace and cluster-scoped ones
// keep their names. Hosts are kept: they are what the requester's own
// objects name (a proxy_pass target, an Ingress backend), and the fix
// needs them. A cluster-scoped request (an IngressClass, made by a
// cluster admin) is answered in full.

// nameOfOther is a namespaced object as finding.Finding and the rules
// print it (Kind/namespace/name), or "namespace X" in a message.
var (
	nameOfOther = regexp.MustCompile(`\b([A-Z][A-Za-z]*)/([a-z0-9][a-z0-9-]*)/([a-z0-9][a-z0-9.-]*[a-z0-9]|[a-z0-9])|\bnamespace ([a-z0-9][a-z0-9-]*[a-z0-9]|[a-z0-9])\b`)
)

// redactor rewrites text for a requester in namespace home; known are the
// namespaces of the change's scope ("namespace the" is English, not a
// namespace).
type redactor struct {
	home  string
	known map[string]bool
}

func newRedactor(home string, objs []*manifest.Object) *redactor {
	r := &redactor{home: home, known: map[string]bool{}}
	last := ""
	for _, o := range objs {
		switch {
		case o.Namespace != "" && o.Namespace == last: // a scope lists a namespace's objects together: one insert for them
		case o.Namespace != "":
			r.known[o.Namespace], last = true, o.Namespace
		case o.Kind == "Namespace":
			r.known[o.Name] = true
		}
	}
	return r
}

// Redact rewrites text as the webhook answers a requester in namespace
// home, namespaces being those of the cluster (tests compare the CLI's
// findings with the webhook's answer through it).
func Redact(home string, namespaces []string, text string) string {
	r := &redactor{home: home, known: map[string]bool{}}
	for _, ns := range namespaces {
		r.known[ns] = true
	}
	return r.redact(text)
}

// redact rewrites text in one pass (a replacement is not read again).
func (r *redactor) redact(text string) string {
	if r.home == "" {
		return text
	}
	return nameOfOther.ReplaceAllStringFunc(text, func(m string) string {
		sub := nameOfOther.FindStringSubmatch(m)
		switch {
		case sub[1] != "" && sub[2] != r.home:
			return article(sub[1]) + " " + sub[1] + " in another namespace"
		case sub[4] != "" && sub[4] != r.home && r.known[sub[4]]:
			return "another namespace"
		}
		return m
	})
}

// redactVerdict applies redact to everything the requester reads.
func redactVerdict(c *change, after []*manifest.Object, v *Verdict) {
	if c.home == "" || v.Message == "" && len(v.Warnings) == 0 {
		return
	}
	r := newRedactor(c.home, after)
	v.Message = r.redact(v.Message)
	for i, w := range v.Warnings {
		v.Warnings[i] = r.redact(w)
	}
}

func article(kind string) string {
	if strings.ContainsRune("AEIOU", rune(kind[0])) {
		return "an"
	}
	return "a"
}
