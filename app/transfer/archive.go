package transfer

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"sbcc/app"
	"sbcc/app/model"
	sbsync "sbcc/sync"
	"sbcc/sync/trust"
)

// ArchiveFormat names sbcc's JSON archive format.
const ArchiveFormat = "sbcc-archive"

// Archive is the JSON export of a directory. Records are there for people
// and other programs to read; Changes are the replicated history, from which
// an import rebuilds exactly the same state (the same hash).
type Archive struct {
	Format   string                    `json:"format"`
	Version  int                       `json:"version"`
	Node     string                    `json:"node"`
	Exported string                    `json:"exported"`
	Offices  map[string]string         `json:"offices,omitempty"`
	Records  map[string][]model.Record `json:"records"`
	Changes  []sbsync.Change           `json:"changes"`
}

// ExportJSON writes the whole directory as an Archive.
func ExportJSON(d *app.Directory, w io.Writer) error {
	a := Archive{Format: ArchiveFormat, Version: 1, Node: string(d.Store().Node()),
		Exported: time.Now().UTC().Format(time.RFC3339), Offices: map[string]string{}, Records: map[string][]model.Record{}}
	offices, err := d.Store().Offices()
	if err != nil {
		return err
	}
	for n, o := range offices {
		a.Offices[string(n)] = o
	}
	for _, kind := range model.KindNames {
		rs, err := d.List(kind, app.ListOptions{})
		if err != nil {
			return err
		}
		if kind == "locality" {
			rs = rs[len(model.Localities):]
		}
		if len(rs) > 0 {
			a.Records[kind] = rs
		}
	}
	if err := d.Store().ChangesSince(sbsync.Vector{}, func(c sbsync.Change) error {
		a.Changes = append(a.Changes, c)
		return nil
	}); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetIndent("", " ")
	if err := enc.Encode(a); err != nil {
		return err
	}
	return bw.Flush()
}

// ImportResult says what an import did.
type ImportResult struct {
	Applied    int `json:"applied"`
	Duplicates int `json:"duplicates"`
	Created    int `json:"created"`
	Refused    int `json:"refused"`
	// Problems says, for the first few refused changes, why.
	Problems []string `json:"problems,omitempty"`
}

// maxProblems bounds ImportResult.Problems.
const maxProblems = 10

func (r *ImportResult) refuse(err error) {
	r.Refused++
	if len(r.Problems) < maxProblems {
		r.Problems = append(r.Problems, err.Error())
	}
}

// importChunk is how many changes go into one transaction on import.
const importChunk = 2000

// ImportJSON reads an Archive, or a JSON array of actors, or an object of
// record lists keyed by kind.
//
// An archive's changes enter exactly as a peer's would: in a data folder
// that belongs to a network each one must verify (signed by its origin, a
// current member), and the store refuses changes stamped in the future and
// values that do not fit their fields; importing it twice changes nothing.
// Outside a network nothing can be verified, so the archive's records are
// saved as this office's own edits instead. Plain records are saved under
// their own ids (new ones when they have none).
func ImportJSON(d *app.Directory, r io.Reader) (ImportResult, error) {
	var res ImportResult
	raw, err := io.ReadAll(r)
	if err != nil {
		return res, err
	}
	var probe struct {
		Format  string                       `json:"format"`
		Offices map[string]string            `json:"offices"`
		Changes []sbsync.Change              `json:"changes"`
		Records map[string][]json.RawMessage `json:"records"`
	}
	if len(raw) > 0 && raw[0] == '[' {
		var actors []json.RawMessage
		if err := json.Unmarshal(raw, &actors); err != nil {
			return res, fmt.Errorf("the file is not a JSON list of actors: %w", jsonProblem(err))
		}
		probe.Records = map[string][]json.RawMessage{"actor": actors}
	} else if err := json.Unmarshal(raw, &probe); err != nil {
		return res, fmt.Errorf("the file is not sbcc JSON: %w", jsonProblem(err))
	}
	if probe.Format == ArchiveFormat {
		f, err := trust.Load(d.Dir())
		switch {
		case errors.Is(err, trust.ErrNoNetwork):
			d.Log().Info("archive imported as this office's own edits: outside a network its changes cannot be verified")
		case err != nil:
			return res, err
		default:
			reg, _ := f.Registry()
			return importChanges(d, reg, probe.Offices, probe.Changes)
		}
	}
	return importRecords(d, probe.Records)
}

// importChanges applies an archive's changes that reg verifies, in chunks.
func importChanges(d *app.Directory, reg *trust.Registry, offices map[string]string, changes []sbsync.Change) (ImportResult, error) {
	var res ImportResult
	verified := make([]sbsync.Change, 0, len(changes))
	for i, err := range reg.VerifyBatch(changes) {
		if err != nil {
			res.refuse(err)
			continue
		}
		verified = append(verified, changes[i])
	}
	for n, o := range offices {
		if _, member := reg.Member(sbsync.NodeID(n)); member && sbsync.NodeID(n) != d.Store().Node() {
			if err := d.Store().SetOffice(sbsync.NodeID(n), o); err != nil {
				return res, err
			}
		}
	}
	for i := 0; i < len(verified); i += importChunk {
		ar, err := d.Store().ApplyRemote(verified[i:min(i+importChunk, len(verified))])
		if err != nil {
			return res, err
		}
		res.Applied += ar.Applied
		res.Duplicates += ar.Duplicates
		for _, e := range ar.Refused {
			res.refuse(e)
		}
	}
	return res, nil
}

// importRecords saves plain records as local edits.
func importRecords(d *app.Directory, records map[string][]json.RawMessage) (ImportResult, error) {
	var res ImportResult
	var recs []model.Record
	for _, kind := range model.KindNames {
		k := model.Kinds[kind]
		for i, one := range records[kind] {
			r := k.New()
			if err := json.Unmarshal(one, r); err != nil {
				return res, fmt.Errorf("%s #%d: %w", kind, i+1, jsonProblem(err))
			}
			recs = append(recs, r)
		}
	}
	if len(recs) == 0 && len(records) == 0 {
		return res, errors.New("the file holds no records")
	}
	ids, err := d.PutMany(recs)
	res.Created = len(ids)
	return res, err
}
