package transfer

import (
	"encoding/base64"
	"sbcc/app/apptest"
	"testing"
	"time"
)

func TestImportFilesAreBounded(t *testing.T) {
	w := NewWizard(apptest.Open(t, t.TempDir()), nil)
	var toks []string
	for range maxImportFiles + 2 {
		o, err := w.Open(t.Context(), "a.csv", base64.StdEncoding.EncodeToString([]byte("Name\nx\n")))
		if err != nil {
			t.Fatal(err)
		}
		toks = append(toks, o.Token)
		time.Sleep(time.Millisecond)
	}
	if n := len(w.open.files); n != maxImportFiles {
		t.Fatalf("%d files kept", n)
	}
	if _, err := w.SetMapping(t.Context(), toks[0], nil); err == nil {
		t.Fatal("the oldest file was kept")
	}
	if _, err := w.SetMapping(t.Context(), toks[len(toks)-1], nil); err != nil {
		t.Fatal(err)
	}
	// Expired files are forgotten.
	w.open.mu.Lock()
	for _, o := range w.open.files {
		o.used = time.Now().Add(-importTTL - time.Minute)
	}
	w.open.mu.Unlock()
	if _, err := w.SetMapping(t.Context(), toks[len(toks)-1], nil); err == nil {
		t.Fatal("an expired file was kept")
	}
}

func TestFileWord(t *testing.T) {
	for in, want := range map[string]string{"": "sbcc", "Biuro Szczecin": "biuro-szczecin", "../..": "sbcc", "Łódź / Film!": "łódź-film"} {
		if got := FileWord(in); got != want {
			t.Errorf("FileWord(%q) = %q, want %q", in, got, want)
		}
	}
}
