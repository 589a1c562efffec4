package app

import (
	"errors"
	"io/fs"

	"sbcc/app/demo"
	"sbcc/app/model"
	"sbcc/app/tabular"
	"sbcc/sync/store"
	"sbcc/sync/trust"
)

// ErrorBody is how an error of the API reaches the UI, the same in the
// window (Wails' ErrorFormatter) and over HTTP.
type ErrorBody struct {
	// Error is the message to show.
	Error string `json:"error"`
	// Code sorts errors for the UI: one of [ErrorCodes]. The UI says it in
	// the person's language; Error stays English for the CLI and logs.
	Code string `json:"code"`
	// Params fill the placeholders of the code's sentence, when it has any.
	Params map[string]string `json:"params,omitempty"`
	// Problems lists the fields to fix, for validation errors.
	Problems model.Problems `json:"problems,omitempty"`
}

// ErrorCodes are the values of ErrorBody.Code. Each has a sentence in the
// five UI catalogues (a test checks), as each model.Code has.
var ErrorCodes = []string{"invalid", "not-found", "not-available", "deleted", "erased", "locked",
	"not-allowed", "clock-ahead", "disk-full", "internal"}

var (
	// ErrNotAvailable is returned by features that this build does not have yet.
	ErrNotAvailable = errors.New("not available in this version yet")
	// ErrInvalid is returned (wrapped) for input that cannot be used as given.
	ErrInvalid = errors.New("invalid input")
)

// ErrAdminOnly is returned for a network admin's action (invite, rotate,
// found, join) asked for through the web interface from another computer:
// those hand out or change the network's keys, so they are done in the
// desktop window or on the office computer itself (loopback).
var ErrAdminOnly = errors.New("this is done on the office computer itself (the desktop window, or the web interface at 127.0.0.1), not from another computer")

// Kind says what sort of failure an error is, so that each caller can
// answer in its own terms (sbcc/web maps kinds to HTTP statuses).
type Kind int

// The kinds of [DescribeError].
const (
	// KindInternal is a fault of the program or the computer.
	KindInternal Kind = iota
	// KindInvalid is input that cannot be used as given.
	KindInvalid
	// KindConflict is input at odds with what is stored (another kind of
	// record under the id, a folder that is not empty, a deleted record).
	KindConflict
	// KindNotFound is a record or file that is not there.
	KindNotFound
	// KindGone is a record erased for good.
	KindGone
	// KindNotAvailable is a feature this build or setup does not have.
	KindNotAvailable
	// KindNotAllowed is an action this caller may not take.
	KindNotAllowed
	// KindBusy is a data folder held by another program for now.
	KindBusy
	// KindDiskFull is a disk with no room left.
	KindDiskFull
)

// DescribeError returns the kind of an error of the API and what the UI
// shows of it. Bad input — a record that does not validate, JSON that does
// not fit ([PlainMessage] puts it in words), an invite code that is not
// one, a file that cannot be read as a list — is KindInvalid;
// KindInternal is left for faults of the program or the computer.
func DescribeError(err error) (Kind, ErrorBody) {
	b := ErrorBody{Error: PlainMessage(err), Code: "internal"}
	var p model.Problems
	if jp, ok := jsonProblems(err); ok {
		b.Code, b.Problems = "invalid", jp
		return KindInvalid, b
	}
	switch {
	case errors.As(err, &p):
		b.Code, b.Problems = "invalid", p
		return KindInvalid, b
	case errors.Is(err, ErrInvalid), errors.Is(err, trust.ErrBadNotice),
		errors.Is(err, tabular.ErrTooLarge), errors.Is(err, tabular.ErrEmpty), errors.Is(err, tabular.ErrFormat):
		b.Code = "invalid"
		return KindInvalid, b
	case errors.Is(err, ErrNotFound):
		b.Code = "not-found"
		return KindNotFound, b
	case errors.Is(err, ErrNotAvailable):
		b.Code = "not-available"
		return KindNotAvailable, b
	case errors.Is(err, store.ErrDeleted):
		b.Code = "deleted"
		return KindConflict, b
	case errors.Is(err, store.ErrErased):
		b.Code = "erased"
		return KindGone, b
	case errors.Is(err, store.ErrOtherKind), errors.Is(err, demo.ErrNotEmpty):
		b.Code = "invalid"
		return KindConflict, b
	case errors.Is(err, trust.ErrNotAdmin), errors.Is(err, ErrAdminOnly):
		b.Code = "not-allowed"
		return KindNotAllowed, b
	case errors.Is(err, store.ErrClockAhead):
		b.Code = "clock-ahead"
		return KindConflict, b
	case errors.Is(err, store.ErrLocked):
		b.Code = "locked"
		return KindBusy, b
	case store.IsDiskFull(err):
		// Lead with what happened and what to do, then which file.
		b.Code, b.Error = "disk-full", store.ErrDiskFull.Error()
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			b.Error += " (" + pe.Error() + ")"
		}
		return KindDiskFull, b
	}
	return KindInternal, b
}
