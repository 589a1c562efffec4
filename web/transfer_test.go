package web

import (
	"encoding/base64"
	"encoding/json"
	"sbcc/app/transfer"
	"strings"
	"testing"
)

// TestImportFitsInARequest checks that the largest file the wizard takes,
// in base64 inside the JSON arguments, fits in one request.
func TestImportFitsInARequest(t *testing.T) {
	if need := base64.StdEncoding.EncodedLen(transfer.MaxImportSize) + 1<<20; maxBody < need {
		t.Fatalf("maxBody %d MiB is smaller than a %d MiB file in base64", maxBody>>20, transfer.MaxImportSize>>20)
	}
}

func TestImportWizardOverHTTP(t *testing.T) {
	srv, _, _ := newServer(t, false)
	content := base64.StdEncoding.EncodeToString([]byte("Pavadinimas,El. paštas,Miestas\nStudija Rūta,info@ruta.lt,Rietavas\nBlogas,nėra,Rietavas\n"))
	args, _ := json.Marshal([]any{"nariai.csv", content})
	status, body, _ := post(t, srv.URL+"/api/ImportOpen", string(args))
	if status != 200 {
		t.Fatalf("ImportOpen: %d %v", status, body)
	}
	tok := body["token"].(string)
	status, body, _ = post(t, srv.URL+"/api/ImportRun", `["`+tok+`", false, "skip"]`)
	if status != 200 || body["created"].(float64) != 1 || len(body["errors"].([]any)) != 1 {
		t.Fatalf("ImportRun: %d %v", status, body)
	}
	status, body, _ = post(t, srv.URL+"/api/ImportRun", `["`+tok+`", false, "skip"]`)
	if status != 400 || !strings.Contains(body["error"].(string), "no longer open") {
		t.Fatalf("second run: %d %v", status, body)
	}
	status, body, _ = post(t, srv.URL+"/api/Export", `["csv", {"query":"rietavas"}]`)
	if status != 200 || body["count"].(float64) != 1 {
		t.Fatalf("Export: %d %v", status, body)
	}
	raw, _ := base64.StdEncoding.DecodeString(body["content"].(string))
	if !strings.HasPrefix(string(raw), "\uFEFF") || !strings.Contains(string(raw), "Studija Rūta") {
		t.Fatalf("export %q", raw)
	}
}
