//go:build race

package app_test

// raceEnabled is true when the tests run with -race, which makes the
// importer about ten times slower: big scenarios shrink to stay quick.
const raceEnabled = true
