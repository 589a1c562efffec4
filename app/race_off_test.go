//go:build !race

package app_test

// raceEnabled is true when the tests run with -race.
const raceEnabled = false
