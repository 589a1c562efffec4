package app_test

import (
	"bytes"
	"strings"
	"testing"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/offices"
	"sbcc/app/tabular/tabulartest"
	"sbcc/app/transfer"
)

// TestBadInputIsPlain4xx: JSON that does not fit, broken JSON, an invite
// code that is not one and an XLSX bomb are each a 400 in plain words,
// never a 500 or a message naming Go types.
func TestBadInputIsPlain4xx(t *testing.T) {
	d := apptest.Open(t, t.TempDir())
	_, typeErr := d.PutJSON("actor", []byte(`{"name":123,"kind":"organisation"}`))
	_, listErr := d.PutJSON("actor", []byte(`{"name":"x","tags":"a"}`))
	_, syntaxErr := d.PutJSON("actor", []byte(`{"name":`))
	_, inviteErr := offices.JoinNetwork(d, "sbcc1.not-a-code", "Klaipėda")
	b, err := tabulartest.XLSXBomb(300 << 20)
	if err != nil {
		t.Fatal(err)
	}
	_, bombErr := transfer.OpenImport(d, "bomb.xlsx", bytes.NewReader(b))
	for _, tc := range []struct {
		name  string
		err   error
		field string
		want  string
	}{
		{"type", typeErr, "name", "name: expected text, got a number"},
		{"list", listErr, "tags", "tags: expected a list of texts, got text"},
		{"syntax", syntaxErr, "", "not valid JSON at character"},
		{"invite", inviteErr, "", "invite code"},
		{"bomb", bombErr, "", "unpacks to more than 200 MiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("no error")
			}
			status, body := app.DescribeError(tc.err)
			if status != app.KindInvalid || body.Code != "invalid" {
				t.Errorf("%d %s: %s", status, body.Code, body.Error)
			}
			if !strings.Contains(body.Error, tc.want) {
				t.Errorf("message %q lacks %q", body.Error, tc.want)
			}
			for _, goWord := range []string{"Go struct", "Go value", "of type", "json:", "unmarshal"} {
				if strings.Contains(body.Error, goWord) || strings.Contains(app.PlainMessage(tc.err), goWord) {
					t.Errorf("message %q names Go (%q)", body.Error, goWord)
				}
			}
			if tc.field != "" && (len(body.Problems) != 1 || body.Problems[0].Field != tc.field) {
				t.Errorf("problems %+v, want field %s", body.Problems, tc.field)
			}
		})
	}
}
