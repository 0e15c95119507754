package mesh

import (
	"math"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Preparer runs the model's pure constructors (prebuild's) on objects as
// they are loaded, a batch of documents at a time (manifest.Options
// Decoded), and releases the bodies of those they made something of
// (manifest.Object.ReleaseMetadata): a large lint then never holds every
// decoded manifest at once, only what the constructors keep of each. The
// build takes the constructions from its cache (BuildOptions.Cache), as
// from a webhook's. It is for a caller that reads nothing of the objects
// afterwards but names, first lines and meshlint's own annotations
// (validate.Validator.LintReleasing).
//
// An object's body is kept when a stage after the construction reads it
// again (rereads), and an Istio object's when its schema check has
// anything to say (the build reads it whole then: asStored). Safe for
// concurrent use.
type Preparer struct {
	cache  *Cache
	domain string
}

// NewPreparer returns a Preparer for builds with settings s.
func NewPreparer(s Settings) *Preparer {
	c := NewCache(math.MaxInt)
	c.bind(s.ClusterDomain)
	c.once = true
	return &Preparer{cache: c, domain: s.ClusterDomain}
}

// Cache is what the build takes the constructions from.
func (p *Preparer) Cache() *Cache { return p.cache }

// Prepare constructs what it can of objs and releases their bodies. The
// Istio objects are checked against their schemas together (checkAll
// judges equal contents once).
func (p *Preparer) Prepare(objs []*manifest.Object) {
	var istio []*manifest.Object
	for _, o := range objs {
		if istioObject(o) {
			istio = append(istio, o)
		}
	}
	clean := map[*manifest.Object]bool{}
	for i, r := range checkAll(istio, p.cache) {
		if !r.Rejected && r.Stored == nil && len(r.Issues) == 0 {
			clean[istio[i]] = true
		}
	}
	for _, o := range objs {
		if istioObject(o) && !clean[o] || rereads(o) {
			continue
		}
		if v := construct(o, p.domain); v != nil {
			p.cache.update(o, func(e *cached) { e.made = v })
			o.ReleaseMetadata()
			o.ReleasePositions()
		}
	}
}

// rereads tells the objects whose bodies the build reads after their
// construction: istiod's Deployment (istiod.go loadIstiod, which skips
// the released ones) and the Istio objects labelled istio.io/rev
// (keepRevision).
func rereads(o *manifest.Object) bool {
	if o.Kind == "Deployment" && isIstiod(o) {
		return true
	}
	_, rev := revisionOf(o)
	return rev && isIstioGroup(o.APIVersion)
}
