//go:build !race

package apptest

// Race is true when the tests run with -race, which makes the importer
// about ten times slower: big scenarios shrink to stay quick.
const Race = false
