package mesh

import "github.com/meshlint/meshlint/internal/manifest"

// Objects istiod does not read, which the model does not yet tell apart:
// it applies every Istio object of the inputs. Until it does, --explain
// names them (Undecided), so that a verdict resting on one can be
// weighed (docs/mesh-semantics.md section 10).

// noteUnread notes what istiod may not read: the install is read (which
// notes its discoverySelectors) and the objects labelled istio.io/rev
// weighed against the revisions of the injectors.
func (m *Model) noteUnread() {
	m.istiod()
	m.noteRevisions()
}

// revised is an Istio configuration object labelled istio.io/rev.
type revised struct {
	obj  *manifest.Object
	rev  string
	line int
}

// keepRevision keeps o for noteRevisions when it is labelled istio.io/rev
// (read as it is added: a lint releases the labels once modelled).
func (m *Model) keepRevision(o *manifest.Object) {
	if o.Released() { // without the label (Preparer: rereads)
		return
	}
	if rev, ok := revisionOf(o); ok {
		m.revised = append(m.revised, revised{o, rev, o.FieldLine("metadata", "labels", labelRev)})
	}
}

// revisionOf is o's istio.io/rev label (ok false: none, or not a string).
func revisionOf(o *manifest.Object) (rev string, ok bool) {
	rev, ok = mapAt(body(o), "metadata", "labels")[labelRev].(string)
	return rev, ok
}

// noteRevisions notes the Istio configuration objects labelled
// istio.io/rev where the label may leave some proxy without them: istiod
// reads such an object only when the label names its own revision, the
// REVISION it runs with ("default" in the chart), never a revision tag's
// name (pilot/pkg/config/kube/crdclient client.go inRevision ->
// pkg/config/model.go LabelsInRevision; LabelsInRevisionOrTags has no
// caller). Where the inputs' injectors are of that one revision, every
// injected proxy's istiod reads it, and nothing is noted.
func (m *Model) noteRevisions() {
	revs := map[string]bool{}
	if m.injectors != nil {
		for _, wh := range m.injectors.Webhooks {
			revs[wh.Revision] = true
		}
	}
	for _, r := range m.revised {
		if len(revs) == 1 && revs[r.rev] {
			continue
		}
		m.note(r.obj, r.line, "labelled "+labelRev+"="+r.rev+": only the istiod of revision "+r.rev+
			" reads it (a revision tag's name is not a revision), the others ignore it; meshlint applies it to every workload,"+
			" whatever the revision that injected it")
	}
}

// noteDiscovery notes the mesh config of o (at path) that sets
// discoverySelectors (istiodInstall.fromMeshConfig reads them): istiod
// then reads namespaced configuration, Services and endpoints only in
// the namespaces a selector selects, its own namespace too only when
// selected (pkg/kube/namespace/filter.go Filter, selectorsChanged).
func (m *Model) noteDiscovery(o *manifest.Object, path ...string) {
	m.note(o, o.FieldLine(path...), "meshConfig.discoverySelectors is set: istiod reads Istio configuration and Services"+
		" only in the namespaces they select (its own too only if selected); meshlint does not model this and reads every namespace's")
}
