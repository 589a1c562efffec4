package app

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sbcc/app/model"
)

// catalogueKeys returns the keys of the top-level section of the UI
// catalogue of lang (frontend/src/lib/i18n/LANG.ts).
func catalogueKeys(t *testing.T, lang, section string) map[string]bool {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "frontend", "src", "lib", "i18n", lang+".ts"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(raw)
	start := strings.Index(s, "\n  "+section+": {\n")
	if start < 0 {
		t.Fatalf("%s.ts has no %s section", lang, section)
	}
	body := s[start:]
	body = body[:strings.Index(body, "\n  },\n")]
	keys := map[string]bool{}
	// A sentence, or a counted one in plural forms ({ one: '…', other: '…' }).
	for _, m := range regexp.MustCompile(`(?m)^    '?([\w-]+)'?: (?:\{ one: )?'`).FindAllStringSubmatch(body, -1) {
		keys[m[1]] = true
	}
	return keys
}

// Every code the Go side can send has a sentence in each UI language, so
// no error reaches a person untranslated.
func TestEveryErrorCodeIsTranslated(t *testing.T) {
	for _, lang := range []string{"en", "lt", "pl", "de", "sv"} {
		problems := catalogueKeys(t, lang, "problem")
		for _, c := range model.Codes() {
			if !problems[c.String()] {
				t.Errorf("%s.ts: problem.%s is missing", lang, c)
			}
		}
		errs := catalogueKeys(t, lang, "apiError")
		for _, c := range ErrorCodes {
			if !errs[c] {
				t.Errorf("%s.ts: apiError.%s is missing", lang, c)
			}
		}
	}
}

// Validation problems carry a code and the values their sentence needs.
func TestProblemsCarryCodes(t *testing.T) {
	a := &model.Actor{Name: "", Kind: "organisation", Email: "info@@bad", Website: "ftp://x"}
	status, body := DescribeError(a.Validate())
	if status != KindInvalid || body.Code != "invalid" {
		t.Fatalf("status %d code %q", status, body.Code)
	}
	got := map[string]model.Problem{}
	for _, p := range body.Problems {
		got[p.Field] = p
	}
	if p := got["name"]; p.Code != model.CodeRequired {
		t.Errorf("name: %+v", p)
	}
	if p := got["email"]; p.Code != model.CodeEmail || p.Params["value"] != "info@@bad" || p.Message == "" {
		t.Errorf("email: %+v", p)
	}
	if p := got["website"]; p.Code != model.CodeWebsite {
		t.Errorf("website: %+v", p)
	}
	e := &model.Event{Title: "x", Kind: "workshop", Start: "2026-05-02", End: "2026-05-01"}
	var ps model.Problems
	if !errors.As(e.Validate(), &ps) || ps[0].Code != model.CodeEndBeforeStart || ps[0].Params["start"] != "2026-05-02" {
		t.Errorf("event: %+v", ps)
	}
}
