package transfer_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"sbcc/app"
	"sbcc/app/apptest"
	"sbcc/app/model"
	"sbcc/app/transfer"
	"sbcc/sync/store"
)

// FuzzBackupManifest: no input panics the manifest reader; a manifest it
// accepts is an sbcc backup this build can restore, reads back the same
// when written again, and leaves the reader exactly after its two lines; a
// refusal says the file is not a backup or that a newer sbcc made it.
func FuzzBackupManifest(f *testing.F) {
	good, err := json.Marshal(transfer.BackupManifest{Format: transfer.BackupFormat, Version: transfer.BackupVersion,
		Node: "n1", Office: "Rietavas", Created: "2026-01-02T03:04:05Z", Schema: store.SchemaVersion,
		Records: map[string]int{"actor": 3, "event": 1}})
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"sbcc-backup\n" + string(good) + "\n\x28\xb5\x2f\xfd\x00\x00",
		"sbcc-backup\r\n" + string(good) + "\r\n",
		"sbcc-backup\n{\"format\":\"sbcc-backup\",\"version\":2,\"schema\":1}\n",
		"sbcc-backup\n{\"format\":\"sbcc-backup\",\"version\":1,\"schema\":99}\n",
		"sbcc-backup\n{\"format\":\"other\"}\n",
		"sbcc-backup\n{\"format\":\"sbcc-backup\",\"records\":{\"actor\":\"x\"}}\n",
		"sbcc-backup\n" + string(good),
		"sbcc-backup\n",
		"PK\x03\x04",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		br := bufio.NewReader(bytes.NewReader(data))
		m, err := transfer.ReadBackupManifest(br)
		if err != nil {
			newer := m.Version > transfer.BackupVersion || m.Schema > store.SchemaVersion
			if !errors.Is(err, transfer.ErrNotBackup) && !newer {
				t.Fatalf("refused with %v, neither not-a-backup nor newer", err)
			}
			return
		}
		if m.Format != transfer.BackupFormat || m.Version > transfer.BackupVersion || m.Schema > store.SchemaVersion {
			t.Fatalf("accepted %+v", m)
		}
		rest, _ := io.ReadAll(br)
		_, after, _ := bytes.Cut(data, []byte("\n"))
		_, after, _ = bytes.Cut(after, []byte("\n"))
		if !bytes.Equal(rest, after) {
			t.Fatalf("left %q after the manifest, want %q", rest, after)
		}
		again, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		m2, err := transfer.ReadBackupManifest(bufio.NewReader(bytes.NewReader(append([]byte(transfer.BackupFormat+"\n"), append(again, '\n')...))))
		if err != nil {
			t.Fatalf("the manifest %s, written again, is refused: %v", again, err)
		}
		if a, b := mustJSON(t, m), mustJSON(t, m2); a != b {
			t.Fatalf("read back %s, want %s", b, a)
		}
	})
}

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
