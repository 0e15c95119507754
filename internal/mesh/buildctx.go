package mesh

import "context"

// A model of a large cluster takes long to build, and an nginx include
// chain can make it longer: the webhook builds it within an admission
// request's deadline and must stop working when the API server stops
// waiting. The build checks its context at loop boundaries; what it
// built so far is thrown away (BuildContext returns no model).

// checkEvery is how many loop iterations pass between two checks of the
// context (a check costs a mutex-free atomic load; this keeps it off
// profiles).
const checkEvery = 64

// stopped reports whether the build's context is done.
func (m *Model) stopped() bool { return m.ctx != nil && m.ctx.Err() != nil }

// stoppedAt is stopped, checked every checkEvery iterations of a loop.
func (m *Model) stoppedAt(i int) bool { return i%checkEvery == 0 && m.stopped() }

// context is the build's context for the nginx package's walks.
func (nc *NginxConfig) context() context.Context {
	if nc.ctx == nil {
		return context.Background()
	}
	return nc.ctx
}
