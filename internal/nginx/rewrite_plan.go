package nginx

import (
	"fmt"
	"strings"
)

const (
	headerDirective = "proxy_set_header"
	forwardedHost   = "X-Forwarded-Host"
)

// forwardedValue is the X-Forwarded-Host a rewrite adds so that the
// application keeps the client's name: $host, or, when the old Host was
// the X-Forwarded-Host a caller sent (ingress-nginx sets it to the
// client's Host), that header as it came.
func forwardedValue(old string) string {
	if strings.Contains(old, "$http_x_forwarded_host") || strings.Contains(old, "${http_x_forwarded_host}") {
		return "$http_x_forwarded_host"
	}
	return "$host"
}

func forwardedLine(old string) string {
	return headerDirective + " " + forwardedHost + " " + forwardedValue(old) + ";"
}

// planner turns HostRewrites into text edits.
type planner struct {
	files Files
	texts map[string]*srcText
}

func (pl *planner) text(name string) (*srcText, error) {
	if t := pl.texts[name]; t != nil {
		return t, nil
	}
	src, ok := pl.files[name]
	if !ok {
		return nil, fmt.Errorf("no file %q among the texts", name)
	}
	t := newSrcText(src)
	pl.texts[name] = t
	return t, nil
}

func (pl *planner) plan(rw HostRewrite) (*plan, error) {
	loc := rw.Location
	if loc == nil || loc.Block == nil {
		return nil, fmt.Errorf("no location block to set Host in")
	}
	if !plainHost(rw.Host) {
		return nil, fmt.Errorf("%q is not a plain host name", rw.Host)
	}
	lt, err := pl.text(loc.Source)
	if err != nil {
		return nil, err
	}
	p := &plan{edits: map[string][]textEdit{}, want: map[string]string{}, done: Rewritten{HostRewrite: rw}}
	for _, d := range HeaderUsers(loc) {
		p.want[chainKey(d)] = rw.Host
	}
	if inc := unresolvedInclude(loc); inc != nil {
		return nil, fmt.Errorf("%s:%s includes %s, which is not among the texts: it may set headers", inc.Source, inc.Pos, inc.Arg(0))
	}
	var add []string
	if own := loc.Children(headerDirective); len(own) > 0 {
		add, err = pl.ownList(p, lt, own)
	} else {
		add, err = pl.copyList(p)
	}
	if err != nil {
		return nil, err
	}
	if len(add) > 0 {
		anchor, end := pl.anchor(rw, lt)
		p.edits[loc.Source] = append(p.edits[loc.Source], lt.insertAfter(end, pl.childIndent(rw, lt), add))
		if p.done.At == nil {
			p.done.At = anchor
		}
	}
	return p, nil
}

// ownList edits a location that has its own proxy_set_header list: the
// Host lines in it are set (the first) or removed (the rest, which nginx
// would send as further Host headers). It returns the lines to add.
func (pl *planner) ownList(p *plan, lt *srcText, own []*Directive) ([]string, error) {
	var add []string
	hosts := hostDirectives(own)
	if len(hosts) == 0 {
		add = append(add, hostLine(p.done.Host))
	}
	if err := pl.setHosts(p, lt, hosts); err != nil {
		return nil, err
	}
	if !setsHeader(own, forwardedHost) {
		add = append(add, forwardedLine(p.done.Old))
		p.done.AddedForwardedHost, p.done.ForwardedValue = true, forwardedValue(p.done.Old)
	}
	return add, nil
}

// setHosts sets the first of the location's Host lines and removes the
// others: in the location's own text, or in a copy of the included file
// that holds them, written out in place of its include.
func (pl *planner) setHosts(p *plan, lt *srcText, hosts []*Directive) error {
	loc := p.done.Location
	inlines := map[*Directive]*inlineJob{}
	var order []*Directive
	for i, h := range hosts {
		ht, err := pl.text(h.Source)
		if err != nil {
			return err
		}
		e := ht.deleteDirective(h)
		if i == 0 {
			e, p.done.Old = ht.setArg(h, 1, p.done.Host), h.Args[1]
		}
		switch inc := includeIn(h, loc); {
		case sameFile(h, loc):
			p.edits[loc.Source] = append(p.edits[loc.Source], e)
			p.done.At = firstOf(p.done.At, h)
		case inc != nil:
			if inlines[inc] == nil {
				inlines[inc] = &inlineJob{inc: inc, file: h.Source}
				order = append(order, inc)
			}
			inlines[inc].edits = append(inlines[inc].edits, e)
			p.done.At = firstOf(p.done.At, inc)
		default:
			return fmt.Errorf("the Host header of location %s comes from a file included %s", locName(loc), includeWhere(h))
		}
	}
	for _, inc := range order {
		e, err := pl.inline(lt, inlines[inc])
		if err != nil {
			return err
		}
		p.edits[loc.Source] = append(p.edits[loc.Source], e)
		p.done.Inlined = append(p.done.Inlined, inlines[inc].file)
	}
	return nil
}

// copyList handles a location with no proxy_set_header of its own: it
// copies the list it inherits (nginx: inherited only while a level sets
// none), then adds Host. It returns the lines to add.
func (pl *planner) copyList(p *plan) ([]string, error) {
	inherited, from := inheritedList(p.done.Location)
	p.done.CopiedFrom = from
	var add []string
	for _, d := range inherited {
		if isHost(d) {
			if p.done.Old == "" {
				p.done.Old = d.Args[1]
			}
			continue
		}
		t, err := pl.text(d.Source)
		if err != nil {
			return nil, err
		}
		start, end := t.span(d)
		add = append(add, t.src[start:end])
	}
	add = append(add, hostLine(p.done.Host))
	if !setsHeader(inherited, forwardedHost) {
		add = append(add, forwardedLine(p.done.Old))
		p.done.AddedForwardedHost, p.done.ForwardedValue = true, forwardedValue(p.done.Old)
	}
	return add, nil
}

// inlineJob is an included file to write out in place of its include
// directive, with edits to its text.
type inlineJob struct {
	inc   *Directive
	file  string // the included file: the Source of the directives spliced from it
	edits []textEdit
}

// inline writes out the included file, edited, in place of its include.
func (pl *planner) inline(lt *srcText, job *inlineJob) (textEdit, error) {
	out, err := applyEdits(pl.files[job.file], job.edits)
	if err != nil {
		return textEdit{}, fmt.Errorf("%s: %w", job.file, err)
	}
	indent, _ := lt.indentOf(job.inc)
	body := strings.TrimRight(out, "\r\n")
	if !multiLine(job.file, out) {
		body = reindent(out, indent, lt.newline())
	}
	start, end := lt.span(job.inc)
	return textEdit{start, end, body}, nil
}

// multiLine reports whether text has a directive whose words span lines
// (a quoted value with a line break, a raw Lua body): indenting its lines
// would change what nginx reads.
func multiLine(name, text string) bool {
	c, err := Parse(name, []byte(text))
	if err != nil {
		return true
	}
	found := false
	c.Walk(func(d *Directive) bool {
		if d.IsRawBlock() {
			found = true
		}
		for _, w := range d.Words {
			if strings.ContainsAny(w.Raw, "\n") {
				found = true
			}
		}
		return !found
	})
	return found
}

// anchor is the directive after which new lines go and the offset just
// past it: the proxy_pass when it is the location's own (else another
// proxy_pass of the location's own), else the "{" opening the location:
// proxy_set_header is not allowed in `if` or `limit_except` (nginx says
// "directive is not allowed here").
func (pl *planner) anchor(rw HostRewrite, lt *srcText) (*Directive, int) {
	loc := rw.Location
	for _, p := range append([]*Directive{rw.Proxy}, loc.Children("proxy_pass")...) {
		if p != nil && p.Parent == loc && sameFile(p, loc) {
			_, end := lt.span(p)
			return p, end
		}
	}
	return loc, lt.off(loc.BlockStart) + 1
}

// childIndent is the indentation of the location's directives: that of
// the proxy_pass, else of the first directive of the location that starts
// a line, else the location's own plus one level.
func (pl *planner) childIndent(rw HostRewrite, lt *srcText) string {
	loc := rw.Location
	cands := append([]*Directive{rw.Proxy}, loc.Block...)
	for _, d := range cands {
		if d == nil {
			continue
		}
		if inc := includeIn(d, loc); inc != nil {
			d = inc
		}
		if d.Parent != loc || !sameFile(d, loc) {
			continue
		}
		if ind, ok := lt.indentOf(d); ok {
			return ind
		}
	}
	base, _ := lt.indentOf(loc)
	if strings.Contains(base, "\t") {
		return base + "\t"
	}
	return base + "    "
}
