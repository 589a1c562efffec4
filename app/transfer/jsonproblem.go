package transfer

import (
	"encoding/json"
	"errors"
	"sbcc/app"
)

// jsonProblem wraps an error of encoding/json so that its message reads
// without Go type names (see [PlainMessage]); the original error stays
// underneath for errors.Is/As. Other errors are returned as they are.
func jsonProblem(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	if !errors.As(err, &te) && !errors.As(err, &se) {
		return err
	}
	return &plainError{msg: app.PlainMessage(err), err: err}
}

// plainError is an error with a message for people and the original cause
// underneath for errors.Is/As.
type plainError struct {
	msg string
	err error
}

func (e *plainError) Error() string { return e.msg }
func (e *plainError) Unwrap() error { return e.err }
