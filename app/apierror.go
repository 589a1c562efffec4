package app

import (
	"errors"
	"io/fs"
	"net/http"

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

// ErrAdminOnly is returned for a network admin's action (invite, rotate,
// found, join) asked for through the web interface from another computer:
// those hand out or change the network's keys, so they are done in the
// desktop window or on the office computer itself (loopback).
var ErrAdminOnly = errors.New("this is done on the office computer itself (the desktop window, or the web interface at 127.0.0.1), not from another computer")

// DescribeError returns the HTTP status and body for an error of the API.
// Bad input — a record that does not validate, JSON that does not fit
// ([PlainMessage] puts it in words), an invite code that is not one, a
// file that cannot be read as a list — is a 4xx; 500 is left for faults of
// the program or the computer.
func DescribeError(err error) (int, ErrorBody) {
	b := ErrorBody{Error: PlainMessage(err), Code: "internal"}
	var p model.Problems
	if jp, ok := jsonProblems(err); ok {
		b.Code, b.Problems = "invalid", jp
		return http.StatusBadRequest, b
	}
	switch {
	case errors.As(err, &p):
		b.Code, b.Problems = "invalid", p
		return http.StatusBadRequest, b
	case errors.Is(err, ErrInvalid), errors.Is(err, trust.ErrBadNotice),
		errors.Is(err, tabular.ErrTooLarge), errors.Is(err, tabular.ErrEmpty), errors.Is(err, tabular.ErrFormat):
		b.Code = "invalid"
		return http.StatusBadRequest, b
	case errors.Is(err, ErrNotFound):
		b.Code = "not-found"
		return http.StatusNotFound, b
	case errors.Is(err, ErrNotAvailable):
		b.Code = "not-available"
		return http.StatusNotImplemented, b
	case errors.Is(err, store.ErrDeleted):
		b.Code = "deleted"
		return http.StatusConflict, b
	case errors.Is(err, store.ErrErased):
		b.Code = "erased"
		return http.StatusGone, b
	case errors.Is(err, store.ErrOtherKind):
		b.Code = "invalid"
		return http.StatusConflict, b
	case errors.Is(err, ErrNotEmpty):
		b.Code = "invalid"
		return http.StatusConflict, b
	case errors.Is(err, ErrNotAdmin), errors.Is(err, ErrAdminOnly):
		b.Code = "not-allowed"
		return http.StatusForbidden, b
	case errors.Is(err, store.ErrClockAhead):
		b.Code = "clock-ahead"
		return http.StatusConflict, b
	case errors.Is(err, trust.ErrBadNotice):
		b.Code = "invalid"
		return http.StatusBadRequest, b
	case errors.Is(err, store.ErrLocked):
		b.Code = "locked"
		return http.StatusServiceUnavailable, b
	case store.IsDiskFull(err):
		// Lead with what happened and what to do, then which file.
		b.Code, b.Error = "disk-full", store.ErrDiskFull.Error()
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			b.Error += " (" + pe.Error() + ")"
		}
		return http.StatusInsufficientStorage, b
	}
	return http.StatusInternalServerError, b
}
