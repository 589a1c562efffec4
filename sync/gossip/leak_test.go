package gossip_test

import (
	"testing"

	"go.uber.org/goleak"

	"sbcc/sync/gossip"
	"sbcc/sync/store"
)

var _ gossip.Replica = (*store.Store)(nil)

// TestMain fails the package if any goroutine outlives its test: every node
// is stopped in the tests' cleanups.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
