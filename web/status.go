package web

import (
	"net/http"

	"sbcc/app"
)

// statusOf is the HTTP status for an error of kind k.
var statusOf = map[app.Kind]int{
	app.KindInternal:     http.StatusInternalServerError,
	app.KindInvalid:      http.StatusBadRequest,
	app.KindConflict:     http.StatusConflict,
	app.KindNotFound:     http.StatusNotFound,
	app.KindGone:         http.StatusGone,
	app.KindNotAvailable: http.StatusNotImplemented,
	app.KindNotAllowed:   http.StatusForbidden,
	app.KindBusy:         http.StatusServiceUnavailable,
	app.KindDiskFull:     http.StatusInsufficientStorage,
}

// describeError returns the HTTP status and the body for an error of the
// API (see app.DescribeError).
func describeError(err error) (int, app.ErrorBody) {
	k, b := app.DescribeError(err)
	return statusOf[k], b
}
