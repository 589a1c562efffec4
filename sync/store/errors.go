package store

import (
	"errors"
	"fmt"
	"runtime"
	"syscall"
)

var (
	// ErrLocked is returned by Open when another process holds the store.
	ErrLocked = errors.New("the data folder is in use by another sbcc process (the desktop app or sbcc serve); close it or run the command there")
	// ErrNewerSchema is returned by Open when the file was written by a newer
	// sbcc whose format this one cannot read.
	ErrNewerSchema = errors.New("the data folder was written by a newer version of sbcc; install that version or newer")
	// ErrNotFound is returned when a record does not exist.
	ErrNotFound = errors.New("no such record")
	// ErrDeleted is returned when editing a deleted record without restoring it.
	ErrDeleted = errors.New("the record is deleted; restore it first")
	// ErrErased is returned when editing or restoring an erased record.
	ErrErased = errors.New("the record was erased for data protection and cannot be changed")
	// ErrClockAhead is returned for a local edit while the store's clock is
	// further ahead of this computer's clock than the allowed skew: edits
	// made with a clock that ran ahead. Fix the computer's clock, then run
	// `sbcc clock reset` (see [Store.ResetClock]).
	ErrClockAhead = errors.New("this computer's clock is behind the time of edits already saved here (the clock must have been set ahead, then fixed); check the date and time, then run `sbcc clock reset` on this office's computer")
	// ErrFutureChange is reported (in ApplyResult.Refused) for a change from
	// elsewhere stamped further ahead of this computer's clock than the
	// allowed skew. It is not applied, and nothing of it moves the clock.
	ErrFutureChange = errors.New("change stamped in the future")
	// ErrOtherKind is returned when a new record would take the id of a
	// record of another kind: an id names one record, of one kind.
	ErrOtherKind = errors.New("another record already has this id")
	// ErrDiskFull is returned when a write failed for want of disk space.
	// The transaction was rolled back: nothing of it was saved, everything
	// saved before is intact.
	ErrDiskFull = errors.New("the disk is full, so this was not saved (everything saved before is safe); free some space and try again")
)

// IsDiskFull reports whether err comes from a disk without free space.
func IsDiskFull(err error) bool {
	if errors.Is(err, ErrDiskFull) {
		return true
	}
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return false
	}
	// Windows: ERROR_HANDLE_DISK_FULL (39), ERROR_DISK_FULL (112).
	return errno == syscall.ENOSPC || (runtime.GOOS == "windows" && (errno == 39 || errno == 112))
}

// nameDiskFull wraps an error of a full disk in ErrDiskFull.
func nameDiskFull(err error) error {
	if err != nil && !errors.Is(err, ErrDiskFull) && IsDiskFull(err) {
		return fmt.Errorf("%w (%w)", ErrDiskFull, err)
	}
	return err
}
