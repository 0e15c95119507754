package webhook

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/go-logr/logr"

	"github.com/meshlint/meshlint/internal/admission"
)

// errQueued: no evaluation slot freed up before the request's deadline.
var errQueued = errors.New("no evaluation slot freed up in time")

// outcome is what one engine call returned, or the panic it raised.
type outcome[T any] struct {
	v        T
	err      error
	panicked any
}

// detached runs one engine call in an evaluation slot and waits for it
// until the request's deadline. The answer does not wait for the engine
// to notice the deadline (it checks between its stages, tens of
// milliseconds apart, more on a loaded node): past it, detached returns
// admission.ErrDeadline at once and the call's result is dropped. The
// call keeps its slot until it returns, so the slots still bound the
// models held at once. A panic in the call is raised again here
// (controller-runtime answers it with a 500); one nobody waits for any
// more is logged.
func detached[T any](ctx context.Context, s *slots, log logr.Logger, call func(context.Context) (T, error)) (T, error) {
	var zero T
	release, ok := s.acquire(ctx)
	if !ok {
		return zero, errQueued
	}
	done := make(chan outcome[T], 1)
	go func() {
		var o outcome[T]
		defer func() { // after release: an answer in time finds the slot free
			if o.panicked = recover(); o.panicked != nil && ctx.Err() != nil {
				log.Error(fmt.Errorf("%v", o.panicked), "the engine panicked after the request's deadline", "stack", string(debug.Stack()))
			}
			done <- o
		}()
		defer release()
		o.v, o.err = call(ctx)
	}()
	select {
	case o := <-done:
		if o.panicked != nil {
			panic(o.panicked)
		}
		if ctx.Err() == nil {
			return o.v, o.err
		}
	case <-ctx.Done():
	}
	return zero, fmt.Errorf("%w: %w", admission.ErrDeadline, ctx.Err()) // a partial evaluation is no verdict
}
