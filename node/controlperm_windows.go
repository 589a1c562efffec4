//go:build windows

package node

import "io/fs"

// checkPrivateDir does nothing on Windows: the data folder lies in the
// user's profile (%APPDATA%\sbcc), whose access list lets in only the user,
// SYSTEM and administrators, and the socket file inherits it.
func checkPrivateDir(string) error { return nil }

// checkSocketOwner does nothing on Windows: the folder's access list keeps
// other users from planting a socket.
func checkSocketOwner(string, fs.FileInfo) error { return nil }
