package model

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Problem is one thing wrong with one field, said so a person can fix it.
type Problem struct {
	// Field is the JSON name of the field at fault ("email", "description.lt").
	Field string `json:"field"`
	// Code says what is wrong; the UI translates it.
	Code Code `json:"code,omitzero"`
	// Params fill the placeholders of the code's sentence ({value}, {max}).
	Params map[string]string `json:"params,omitempty"`
	// Message says it in English, for the command line and logs.
	Message string `json:"message"`
}

// NewProblem returns the problem code at field, with params given as name,
// value pairs, and the English message.
func NewProblem(field string, c Code, message string, params ...string) Problem {
	p := Problem{Field: field, Code: c, Message: message}
	if len(params) > 0 {
		p.Params = make(map[string]string, len(params)/2)
		for i := 0; i+1 < len(params); i += 2 {
			p.Params[params[i]] = params[i+1]
		}
	}
	return p
}

// One returns a single problem as an error.
func One(field string, c Code, message string, params ...string) error {
	return Problems{NewProblem(field, c, message, params...)}
}

// Problems collects the problems of a record under validation. As an error
// it lists every problem.
type Problems []Problem

// Error lists the problems, one "field: message" per problem.
func (p Problems) Error() string {
	parts := make([]string, len(p))
	for i, x := range p {
		parts[i] = x.Field + ": " + x.Message
	}
	return strings.Join(parts, "; ")
}

// Err returns p as an error, or nil when there are no problems.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

// add appends the problem c at field; params are name, value pairs.
func (p *Problems) add(field string, c Code, message string, params ...string) {
	*p = append(*p, NewProblem(field, c, message, params...))
}

func (p *Problems) require(field string, ok bool, msg string) {
	if !ok {
		p.add(field, CodeRequired, msg)
	}
}

func (p *Problems) between(field string, n, lo, hi int, msg string) {
	if n < lo || n > hi {
		p.add(field, CodeRange, msg, "min", fmt.Sprint(lo), "max", fmt.Sprint(hi))
	}
}

func (p *Problems) check(field, value string, ok bool, c Code, msg string) {
	if value != "" && !ok {
		p.add(field, c, fmt.Sprintf("%q %s", value, msg), "value", value)
	}
}

// MaxText bounds the length of any one text field, in characters.
const MaxText = 20000

func (p *Problems) length(field, s string, max int) {
	if n := utf8.RuneCountInString(s); n > max {
		p.add(field, CodeTooLong, fmt.Sprintf("is %d characters long; at most %d are allowed", n, max),
			"n", fmt.Sprint(n), "max", fmt.Sprint(max))
	}
}

func (p *Problems) choice(field, value string, list []Choice) {
	if value != "" && !hasCode(list, value) {
		codes := make([]string, len(list))
		for i, c := range list {
			codes[i] = c.Code
		}
		list := strings.Join(codes, ", ")
		p.add(field, CodeNotAChoice, fmt.Sprintf("%q is not one of %s", value, list), "value", value, "choices", list)
	}
}

func (p *Problems) coordinates(lat, lon float64) {
	if lat < -90 || lat > 90 {
		p.add("lat", CodeLatRange, fmt.Sprintf("latitude %g is outside -90…90", lat), "value", fmt.Sprint(lat))
	}
	if lon < -180 || lon > 180 {
		p.add("lon", CodeLonRange, fmt.Sprintf("longitude %g is outside -180…180", lon), "value", fmt.Sprint(lon))
	}
}

func (p *Problems) email(field, s string) {
	if s == "" {
		return
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.IndexByte(s, '@'):], ".") {
		p.add(field, CodeEmail, fmt.Sprintf("%q is not an e-mail address like name@example.org", s), "value", s)
	}
}

func (p *Problems) website(field, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.add(field, CodeWebsite, fmt.Sprintf("%q is not a web address starting with https://", s), "value", s)
	}
}

func (p *Problems) phone(field, s string) {
	if s == "" {
		return
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune("+ -()./", r):
		default:
			p.add(field, CodePhoneChar, fmt.Sprintf("%q has %q, which does not belong in a phone number", s, r), "value", s, "char", string(r))
			return
		}
	}
	if digits < 5 || digits > 17 {
		p.add(field, CodePhoneDigits, fmt.Sprintf("%q should have 5 to 17 digits", s), "value", s)
	}
}

func (p *Problems) date(field, s string) {
	if s == "" {
		return
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		p.add(field, CodeDate, fmt.Sprintf("%q is not a date like 2026-05-31", s), "value", s)
	}
}
