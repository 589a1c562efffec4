package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"sbcc/sync/store/internal/boltfile"
	"sbcc/sync/trust"
)

// ErrDamaged is returned when the store file is damaged: cut short, empty,
// with unreadable headers or pages. The error's text says what is wrong,
// names the latest backup found in the data folder and how to restore it.
// Nothing is changed in the folder.
var ErrDamaged = errors.New("the store file is damaged")

// ErrStoreMissing is returned by Open when the data folder has a network
// file or a search index but no store file: the store was lost, and a new
// empty one would take a new node id and lose every unsynced edit.
var ErrStoreMissing = errors.New("the data folder has no store file (sbcc.db) although it belongs to a directory")

// damaged is ErrDamaged with what is wrong and what to do.
func damaged(dir, what string) error {
	return fmt.Errorf("%w: %s. %s", ErrDamaged, what, RestoreAdvice(dir))
}

// RestoreAdvice says which backup of the data folder dir is the latest and
// the command that restores it, or how to restore one made elsewhere.
func RestoreAdvice(dir string) string {
	latest := LatestBackup(dir)
	switch {
	case latest == "":
		return fmt.Sprintf("No backup was found in %s: restore your latest backup with \"sbcc restore FILE --force --data %s\", or run \"sbcc check --data %s\" to see what can be repaired", dir, dir, dir)
	case strings.HasSuffix(latest, ".bak"):
		return fmt.Sprintf("The latest copy in the folder is %s (made before an upgrade): move %s away and copy that file to %s, or restore a newer backup with \"sbcc restore FILE --force --data %s\"", latest, FileName, FileName, dir)
	default:
		return fmt.Sprintf("The latest backup in the folder is %s: restore it with \"sbcc restore %s --force --data %s\"", latest, latest, dir)
	}
}

// LatestBackup returns the path of the newest backup file in dir (an
// .sbcc-backup file or a copy kept before an upgrade), or "".
func LatestBackup(dir string) string {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	type cand struct {
		path string
		mod  time.Time
	}
	var cs []cand
	for _, e := range ents {
		name := e.Name()
		if !e.Type().IsRegular() || !(strings.HasSuffix(name, ".sbcc-backup") || strings.HasPrefix(name, FileName+".") && strings.HasSuffix(name, ".bak")) {
			continue
		}
		if info, err := e.Info(); err == nil {
			cs = append(cs, cand{filepath.Join(dir, name), info.ModTime()})
		}
	}
	if len(cs) == 0 {
		return ""
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].mod.After(cs[j].mod) })
	return cs[0].path
}

// preflight looks at the data folder before bbolt maps the file: a missing
// file beside a network file or an index, an empty file, unreadable
// headers and a file shorter than its header says are named here rather
// than silently replaced or crashing the mapping.
func preflight(dir string, replacing bool) error {
	path := filepath.Join(dir, FileName)
	info, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		if replacing {
			return nil
		}
		for _, name := range []string{trust.FileName, "index"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				return fmt.Errorf("%w: %s is there but %s is not, so a new empty directory is not made in its place. %s", ErrStoreMissing, name, FileName, RestoreAdvice(dir))
			}
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("look at the store file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return damaged(dir, fmt.Sprintf("%s is not a file", path))
	}
	if info.Size() == 0 {
		return damaged(dir, fmt.Sprintf("%s is empty (0 bytes)", path))
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open the store file: %w", err)
	}
	defer f.Close()
	m, ok := boltfile.NewestMeta(f)
	if !ok {
		return damaged(dir, fmt.Sprintf("both headers of %s are unreadable (not an sbcc store, or overwritten)", path))
	}
	if need := int64(m.PGID) * int64(m.PageSize); info.Size() < need {
		return damaged(dir, fmt.Sprintf("%s is cut short: %d bytes of the %d its header counts", path, info.Size(), need))
	}
	return nil
}

// openBolt is bolt.Open with its errors for a damaged file, and a panic
// while reading one, turned into ErrDamaged.
func openBolt(path string, mode os.FileMode, opts *bolt.Options) (db *bolt.DB, err error) {
	dir := filepath.Dir(path)
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, damaged(dir, fmt.Sprintf("%s cannot be read (%v)", path, r))
		}
	}()
	db, err = bolt.Open(path, mode, opts)
	if err != nil && !errors.Is(err, bolt.ErrTimeout) && isDamage(err) {
		return nil, damaged(dir, fmt.Sprintf("%s cannot be read (%v)", path, err))
	}
	return db, err
}

// isDamage reports whether a bbolt error says the file is damaged.
func isDamage(err error) bool {
	return errors.Is(err, bolt.ErrInvalid) || errors.Is(err, bolt.ErrChecksum) || errors.Is(err, bolt.ErrVersionMismatch) ||
		errors.Is(err, bolt.ErrInvalidMapping) || errors.Is(err, io.ErrUnexpectedEOF)
}

// recoverDamage turns a panic of bbolt reading a damaged page (bbolt
// panics on an unexpected page type or an impossible page id) into
// ErrDamaged in *err. bbolt's View and Update roll back on a panic, so the
// store stays usable for what is intact.
func (s *Store) recoverDamage(err *error) {
	if r := recover(); r != nil {
		*err = damaged(filepath.Dir(s.db.Path()), fmt.Sprintf("a page of %s cannot be read (%v); \"sbcc check\" tells which records are hit", s.db.Path(), r))
	}
}
