//go:build unix

package node

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// checkPrivateDir refuses a data folder that another user could change
// (as ssh's StrictModes does): one writable by its group or by others, or
// owned by someone other than this user or root. Anyone who can write to
// the folder can replace the control socket with their own.
func checkPrivateDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("%w: the data folder %s can be changed by other users (its permissions are %s), so its control socket could be replaced; make it yours alone with: chmod 700 %s",
			ErrUntrusted, dir, fi.Mode().Perm(), dir)
	}
	if uid, ok := ownerOf(fi); ok && uid != os.Getuid() && uid != 0 {
		return fmt.Errorf("%w: the data folder %s belongs to another user (uid %d); use a folder of your own", ErrUntrusted, dir, uid)
	}
	return nil
}

// checkSocketOwner refuses a control socket that is not a socket or that
// another user made: it may have been planted to catch what is sent.
func checkSocketOwner(path string, fi fs.FileInfo) error {
	if fi.Mode().Type() != fs.ModeSocket {
		return fmt.Errorf("%w: %s is not a socket; remove it if no sbcc runs on this folder", ErrUntrusted, path)
	}
	if uid, ok := ownerOf(fi); ok && uid != os.Getuid() {
		return fmt.Errorf("%w: the control socket %s belongs to another user (uid %d) and may have been planted; nothing was sent. Remove it if no sbcc runs on this folder: rm %s",
			ErrUntrusted, path, uid, path)
	}
	return nil
}

func ownerOf(fi fs.FileInfo) (int, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}
