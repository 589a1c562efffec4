package transfer_test

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/model"
	"sbcc/app/transfer"
)

// TestFileProblemsCarryCodes: what is wrong with a file a person gave the
// wizard reaches the UI as a problem of the field "file" (or "mapping")
// with a code, so it is said in the UI's language, and is still invalid
// input for the command line.
func TestFileProblemsCarryCodes(t *testing.T) {
	w := transfer.NewWizard(apptest.Open(t, t.TempDir()), nil)
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	opened, err := w.Open(t.Context(), "list.csv", b64("town,country\nRietavas,LT\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, noName := w.Run(t.Context(), opened.Token, true, "skip")
	_, tooLarge := transfer.DecodeUpload("big.csv", strings.Repeat("A", (transfer.MaxImportSize+1024)*4/3))
	for _, c := range []struct {
		name  string
		err   error
		field string
		code  model.Code
	}{
		{"empty", second(w.Open(t.Context(), "empty.csv", b64("  \n"))), "file", model.CodeFileEmpty},
		{"broken upload", second(w.Open(t.Context(), "list.csv", "not base64!")), "file", model.CodeFileBroken},
		{"unreadable workbook", second(w.Open(t.Context(), "list.xlsx", b64("this is no workbook"))), "file", model.CodeFileUnreadable},
		{"too large", tooLarge, "file", model.CodeFileTooLarge},
		{"no name column", noName, "mapping", model.CodeNoNameColumn},
	} {
		var ps model.Problems
		if !errors.As(c.err, &ps) || len(ps) != 1 || ps[0].Field != c.field || ps[0].Code != c.code {
			t.Errorf("%s: %v, want a problem of %s with code %s", c.name, c.err, c.field, c.code)
		}
		if !errors.Is(c.err, app.ErrInvalid) {
			t.Errorf("%s: %v is not invalid input", c.name, c.err)
		}
	}
}

func second[T any](_ T, err error) error { return err }
