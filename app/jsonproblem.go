package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// jsonProblem wraps an error of encoding/json so that its message reads
// without Go type names: a value of the wrong type says which field holds
// what, and what was expected there. Other errors keep their message.
func jsonProblem(err error) error {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		return err
	}
	msg := fmt.Sprintf("%s where %s is expected", jsonWords(te.Value), typeWords(te.Type))
	if te.Field != "" {
		msg = fmt.Sprintf("the field %q holds %s", te.Field, msg)
	}
	return &plainError{msg: msg, err: err}
}

// plainError is an error with a message for people and the original cause
// underneath for errors.Is/As.
type plainError struct {
	msg string
	err error
}

func (e *plainError) Error() string { return e.msg }
func (e *plainError) Unwrap() error { return e.err }

// jsonWords names a kind of JSON value as encoding/json reports it.
func jsonWords(v string) string {
	switch v {
	case "string":
		return "text"
	case "number":
		return "a number"
	case "bool":
		return "true or false"
	case "array":
		return "a list"
	case "object":
		return "an object"
	}
	return "a " + v
}

// typeWords names what a Go type expects, in JSON's words.
func typeWords(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return typeWords(t.Elem())
	}
	return "another value"
}
