// Package cli is sbcc's command line: one cobra command per file, each a
// thin layer that parses flags, calls one service of sbcc/app and prints
// the result for people (or JSON with --json). Errors go to stderr with a
// non-zero exit status. The node runtime (the sync node, its status file,
// the control socket) is sbcc/node: `sbcc serve` and `sbcc web` run it
// with node.Run, and a command whose data folder a running node holds is
// sent to it with node.Dial and runs there through RunForwarded.
package cli
