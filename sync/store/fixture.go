package store

// Fixture describes a store file kept in testdata/ to test upgrades: what
// opening it with any later sbcc must still find. testdata/schema1.json
// holds the one for testdata/schema1.db (written by the schema-1 layout,
// see TestWriteSchema1Fixture in sbcc/app).
type Fixture struct {
	Schema  uint64         `json:"schema"`
	Node    string         `json:"node"`
	Hash    string         `json:"hash"` // hex of Store.Hash
	Records map[string]int `json:"records"`
	Changes int            `json:"changes"`
}
