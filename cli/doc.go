// Package cli is sbcc's command line: one cobra command per file, each a
// thin layer that parses flags, calls one service of sbcc/app and prints
// the result for people (or JSON with --json). Errors go to stderr with a
// non-zero exit status.
package cli
