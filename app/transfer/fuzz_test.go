package transfer_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/model"
	"sbcc/app/transfer"
)

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// maxFuzzJSON bounds one JSON import of FuzzImportJSON, so that an input
// cannot make the fuzzer spend its time writing thousands of records.
const maxFuzzJSON = 16 << 10

// FuzzImportJSON imports arbitrary JSON into one real directory (a bbolt
// file in a temporary folder, shared by the inputs of one process): no
// input panics or damages it, a refusal has a message, and importing the
// same archive again changes nothing.
func FuzzImportJSON(f *testing.F) {
	d := apptest.Open(f, f.TempDir())
	src := apptest.Open(f, f.TempDir())
	// A small archive with sets, a delete and an erase in its changes.
	if _, err := transfer.ImportJSON(src, strings.NewReader(`[{"name":"Studija Rasa","kind":"organisation","email":"rasa@example.lt"},`+
		`{"name":"Jonas Šimkus","kind":"individual","email":"jonas@example.lt"}]`)); err != nil {
		f.Fatal(err)
	}
	actors, err := src.List("actor", app.ListOptions{})
	if err != nil || len(actors) != 2 {
		f.Fatalf("%d actors, %v", len(actors), err)
	}
	if err := src.Delete(model.IDOf(actors[0])); err != nil {
		f.Fatal(err)
	}
	if err := src.Erase(model.IDOf(actors[1])); err != nil {
		f.Fatal(err)
	}
	var archive bytes.Buffer
	if err := transfer.ExportJSON(src, &archive); err != nil {
		f.Fatal(err)
	}
	if archive.Len() > maxFuzzJSON {
		f.Fatalf("the seed archive is %d bytes, more than the %d an input may have", archive.Len(), maxFuzzJSON)
	}
	f.Add(archive.Bytes())
	for _, s := range []string{
		`[{"name":"Studija Rasa","kind":"organisation","locality":"klaipeda"}]`,
		`{"actor":[{"name":"Jonas","kind":"individual"}]}`,
		`{"records":{"actor":[{"id":"a1","name":"Galerija","kind":"organisation"}]}}`,
		`{"format":"sbcc-archive","version":1,"changes":[{"origin":"x","seq":1,"hlc":1,"kind":"actor","id":"a","op":1,"fields":{"name":"\"A\""}}]}`,
		`{"format":"sbcc-archive","offices":{"n2":"Gdańsk"},"changes":[{"seq":0}]}`,
		`{"format":5}`,
		`{"format":"sbcc-archive","changes":[{"seq":"x"}]}`,
		`[1]`,
		`[1,2]`,
		`{}`,
		`[`,
		``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzJSON {
			return
		}
		res, err := transfer.ImportJSON(d, bytes.NewReader(data))
		if err != nil && (err.Error() == "" || strings.Contains(err.Error(), "Go ")) {
			t.Fatalf("a refusal without a message a person can read: %q", err)
		}
		h1, herr := d.Hash()
		if herr != nil {
			t.Fatalf("after importing: %v", herr)
		}
		if err != nil || res.Created > 0 {
			return
		}
		// An archive (or an empty list of records): merged as if from a peer,
		// so a second import is a no-op.
		res2, err := transfer.ImportJSON(d, bytes.NewReader(data))
		if err != nil {
			t.Fatalf("the second import failed: %v (first: %+v)", err, res)
		}
		if h2, _ := d.Hash(); h2 != h1 || res2.Applied != 0 {
			t.Fatalf("the second import changed the directory: %+v after %+v", res2, res)
		}
	})
}
