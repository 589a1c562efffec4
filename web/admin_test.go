package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestAdminMethodsNeedTheOfficeComputer: a logged-in browser on another
// computer cannot ask for an invite code (which carries the network key),
// change the key or restore a backup; on loopback the same call reaches
// the façade.
func TestAdminMethodsNeedTheOfficeComputer(t *testing.T) {
	args := map[string]string{"NetworkCreate": `["Rietavas"]`, "NetworkJoin": `["sbcc2.x", "Rietavas"]`, "RestoreBackup": `["x.sbcc-backup", ""]`}
	call := func(auth bool, name string) (int, string) {
		srv, _, _ := newServer(t, auth)
		body := args[name]
		if body == "" {
			body = `[]`
		}
		req, _ := http.NewRequest("POST", srv.URL+"/api/"+name, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if auth {
			req.Host = "sbcc.office.example"
			req.SetBasicAuth("sbcc", "correct horse battery")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct{ Code string }
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out.Code
	}
	for _, name := range adminMethods {
		if status, code := call(true, name); status != http.StatusForbidden || code != "not-allowed" {
			t.Errorf("%s with a password: %d %q, want 403 not-allowed", name, status, code)
		}
	}
	// On loopback the façade answers (here: no sync node wired).
	if status, code := call(false, "NetworkInvite"); status == http.StatusForbidden || code == "not-allowed" {
		t.Errorf("NetworkInvite on loopback refused: %d %q", status, code)
	}
	// Other methods still work with a password.
	if status, _ := call(true, "Status"); status != http.StatusOK {
		t.Errorf("Status with a password: %d", status)
	}
}
