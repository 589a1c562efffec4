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
	Field   string `json:"field"`
	Message string `json:"message"`
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

func (p *Problems) add(field, format string, a ...any) {
	*p = append(*p, Problem{Field: field, Message: fmt.Sprintf(format, a...)})
}

func (p *Problems) require(field string, ok bool, msg string) {
	if !ok {
		p.add(field, "%s", msg)
	}
}

func (p *Problems) check(field, value string, ok bool, msg string) {
	if value != "" && !ok {
		p.add(field, "%q %s", value, msg)
	}
}

// MaxText bounds the length of any one text field, in characters.
const MaxText = 20000

func (p *Problems) length(field, s string, max int) {
	if n := utf8.RuneCountInString(s); n > max {
		p.add(field, "is %d characters long; at most %d are allowed", n, max)
	}
}

func (p *Problems) choice(field, value string, list []Choice) {
	if value != "" && !hasCode(list, value) {
		codes := make([]string, len(list))
		for i, c := range list {
			codes[i] = c.Code
		}
		p.add(field, "%q is not one of %s", value, strings.Join(codes, ", "))
	}
}

func (p *Problems) coordinates(lat, lon float64) {
	if lat < -90 || lat > 90 {
		p.add("lat", "latitude %g is outside -90…90", lat)
	}
	if lon < -180 || lon > 180 {
		p.add("lon", "longitude %g is outside -180…180", lon)
	}
}

func (p *Problems) email(field, s string) {
	if s == "" {
		return
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.IndexByte(s, '@'):], ".") {
		p.add(field, "%q is not an e-mail address like name@example.org", s)
	}
}

func (p *Problems) website(field, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		p.add(field, "%q is not a web address starting with https://", s)
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
			p.add(field, "%q has %q, which does not belong in a phone number", s, r)
			return
		}
	}
	if digits < 5 || digits > 17 {
		p.add(field, "%q should have 5 to 17 digits", s)
	}
}

func (p *Problems) date(field, s string) {
	if s == "" {
		return
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		p.add(field, "%q is not a date like 2026-05-31", s)
	}
}
