package backup_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"sbcc/app/backup"
	"sbcc/sync/store"
)

// FuzzBackupManifest: no input panics the manifest reader; a manifest it
// accepts is an sbcc backup this build can restore, reads back the same
// when written again, and leaves the reader exactly after its two lines; a
// refusal says the file is not a backup or that a newer sbcc made it.
func FuzzBackupManifest(f *testing.F) {
	good, err := json.Marshal(backup.BackupManifest{Format: backup.BackupFormat, Version: backup.BackupVersion,
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
		m, err := backup.ReadBackupManifest(br)
		if err != nil {
			newer := m.Version > backup.BackupVersion || m.Schema > store.SchemaVersion
			if !errors.Is(err, backup.ErrNotBackup) && !newer {
				t.Fatalf("refused with %v, neither not-a-backup nor newer", err)
			}
			return
		}
		if m.Format != backup.BackupFormat || m.Version > backup.BackupVersion || m.Schema > store.SchemaVersion {
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
		m2, err := backup.ReadBackupManifest(bufio.NewReader(bytes.NewReader(append([]byte(backup.BackupFormat+"\n"), append(again, '\n')...))))
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
