// Package node is the runtime of an office's sync node: the Office that
// runs the data folder's gossip node once the folder belongs to a network
// (and is the offices.Network the UI calls to found, join, invite and rotate),
// the status file it keeps for `sbcc peers`, and the control socket on
// which other sbcc processes run their commands inside it. The desktop
// window, `sbcc serve` and `sbcc web` share this one wiring.
//
// # Basics
//
// Start runs an Office on an open directory; Run opens the data folder,
// runs the Office and, beside it, work such as the web UI until the
// context ends. Commands that reach the control socket run through the
// Runner in Config.Commands (the command line's entry), so that this
// package never imports the command line. Dial and Control.Run are the
// other side: a command process sends its arguments to the running node.
//
// # Caveats
//
// The control socket trusts only the folder's owner: a node refuses a data
// folder that others can change, and Dial refuses a socket another user
// made or, on Linux, a process of another user at its other end. Windows
// relies on the access list of the user's profile.
//
// sbcc/cli and sbcc/web must not be imported here, and sbcc/app, sbcc/web,
// sbcc/index and sbcc/sync/... must not import this package
// (imports_test.go).
package node
