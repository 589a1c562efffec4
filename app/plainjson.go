package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"sbcc/app/model"
)

// PlainMessage is err's message with JSON decoding errors put in plain
// words: "name: expected text, got a number" instead of the decoder's
// message naming Go types, "not valid JSON at character 12: …" instead of
// a bare syntax error. Other errors keep their message.
func PlainMessage(err error) string {
	msg := err.Error()
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return strings.Replace(msg, te.Error(), typeProblem(te).Field+": "+typeProblem(te).Message, 1)
	case errors.As(err, &se):
		return strings.Replace(msg, se.Error(), fmt.Sprintf("not valid JSON at character %d (%s)", se.Offset, se.Error()), 1)
	}
	return msg
}

// jsonProblems returns the field to fix for a JSON type error in err, and
// whether err is a JSON decoding error at all.
func jsonProblems(err error) (model.Problems, bool) {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return model.Problems{typeProblem(te)}, true
	case errors.As(err, &se):
		return nil, true
	}
	return nil, false
}

// typeProblem names the field of a JSON type error and what it expects.
func typeProblem(te *json.UnmarshalTypeError) model.Problem {
	field := te.Field
	if field == "" {
		field = "value"
	}
	return model.Problem{Field: field, Message: "expected " + expected(te.Type) + ", got " + article(te.Value)}
}

// expected says in words what a value of Go type t is written as in JSON.
func expected(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return expected(t.Elem())
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
		if t.Elem().Kind() == reflect.String {
			return "a list of texts"
		}
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object with named values"
	}
	return "another kind of value"
}

// article turns the JSON decoder's name of a value ("number", "string",
// "array", "object", "bool", "number 1.5") into words.
func article(v string) string {
	switch {
	case v == "string":
		return "text"
	case v == "array":
		return "a list"
	case v == "object":
		return "an object"
	case v == "bool":
		return "true or false"
	case strings.HasPrefix(v, "number"):
		return "a number"
	}
	return v
}
