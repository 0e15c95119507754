package policy

import "time"

// When the memo's cut (memo_cut.go) may run: not while a request
// evaluates, nor right after one, but never starved.

// Hold keeps the cut from running until the returned function is
// called, or for Patience: a caller that builds the facts it evaluates
// through the memo holds it for the whole of its work. A nil memo holds
// nothing.
func (m *Memo) Hold() (release func()) {
	if m == nil {
		return func() {}
	}
	m.enter()
	return m.leave
}

// quiet is how long no evaluation must have run through the memo before
// the cut goes on: requests that follow one another (a dry-run then the
// apply, a retry, a burst of changes) are answered from the groups, not
// slowed by the cut. A caller waiting for the cut (Settle: the webhook's
// evaluation of the whole cluster) needs no evaluation to run, not
// quiet. So that requests that never pause cannot starve the cut, it goes
// on after Memo.Patience whatever runs: one evaluation of a cut at a time.
const (
	quiet     = 200 * time.Millisecond
	pollEvery = 20 * time.Millisecond
)

// waitCalm waits until the cut may go on; m.mu is held.
func (m *Memo) waitCalm() {
	for start := time.Now(); ; {
		idle := m.busy == 0
		if idle && (m.settling > 0 || time.Since(m.left) >= quiet) || time.Since(start) >= m.Patience {
			return
		}
		m.mu.Unlock()
		time.Sleep(pollEvery)
		m.mu.Lock()
	}
}

// enter and leave bracket an evaluation through the memo.
func (m *Memo) enter() {
	m.mu.Lock()
	m.busy++
	m.mu.Unlock()
}

func (m *Memo) leave() {
	m.mu.Lock()
	if m.busy--; m.busy == 0 {
		m.left = time.Now()
	}
	m.mu.Unlock()
}
