//go:build race

package gossip_test

// raceEnabled: the race detector slows ed25519 verification about
// fifty-fold, so the 10,000-change catch-up runs without signatures under it
// (signatures are covered by the security tests).
const raceEnabled = true
