package store

import "errors"

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
)
