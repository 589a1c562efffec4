//go:build linux

package node

import (
	"fmt"
	"net"
	"os"

	"golang.org/x/sys/unix"
)

// checkPeer refuses a connection whose other end runs as another user,
// from the kernel's record of who opened it (SO_PEERCRED).
func checkPeer(conn net.Conn) error {
	uc, ok := conn.(*net.UnixConn)
	if !ok {
		return fmt.Errorf("%w: not a Unix socket", ErrUntrusted)
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return err
	}
	var cred *unix.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = unix.GetsockoptUcred(int(fd), unix.SOL_SOCKET, unix.SO_PEERCRED)
	}); err != nil {
		return err
	}
	if credErr != nil {
		return fmt.Errorf("%w: who is at the other end of the control socket is unknown: %w", ErrUntrusted, credErr)
	}
	if int(cred.Uid) != os.Getuid() {
		return fmt.Errorf("%w: the other end of the control socket runs as another user (uid %d, process %d); nothing was sent", ErrUntrusted, cred.Uid, cred.Pid)
	}
	return nil
}
