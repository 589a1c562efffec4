package ui

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"sbcc/app"
	"sbcc/app/model"
	"sbcc/app/records"
	"sbcc/sync/store"
)

func newTestAPI(t *testing.T) (*API, *app.Directory) {
	t.Helper()
	d, err := app.Open(t.TempDir(), app.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return NewAPI(d, APIOptions{}), d
}

func TestSaveActorValidation(t *testing.T) {
	api, _ := newTestAPI(t)
	_, err := api.Records.SaveActor(t.Context(), model.Actor{Kind: "organisation", Email: "nope"})
	var p model.Problems
	if !errors.As(err, &p) {
		t.Fatalf("want Problems, got %v", err)
	}
	fields := map[string]bool{}
	for _, x := range p {
		fields[x.Field] = true
	}
	if !fields["name"] || !fields["email"] {
		t.Fatalf("problems %v should name the name and email fields", p)
	}
	status, body := app.DescribeError(err)
	if status != app.KindInvalid || body.Code != "invalid" || len(body.Problems) != len(p) {
		t.Fatalf("DescribeError = %d %+v", status, body)
	}
}

func TestActorLifecycle(t *testing.T) {
	api, _ := newTestAPI(t)
	v, err := api.Records.SaveActor(t.Context(), model.Actor{Kind: "organisation", Name: "Pracownia Łódź", Country: "PL", Locality: "lodz"})
	if err != nil {
		t.Fatal(err)
	}
	id := v.Actor.ID
	if id == "" || len(v.History) != 1 {
		t.Fatalf("saved view %+v", v)
	}
	v.Actor.Name = "Pracownia Łódź Nowa"
	if v, err = api.Records.SaveActor(t.Context(), v.Actor); err != nil || v.Actor.Name != "Pracownia Łódź Nowa" || len(v.History) != 2 {
		t.Fatalf("update: %v %+v", err, v)
	}
	if _, err := api.Records.SaveConsent(t.Context(), model.Consent{Subject: id, Purpose: "newsletter", Basis: "consent", Given: "2026-01-02"}); err != nil {
		t.Fatal(err)
	}
	if v, _ = api.Records.Actor(t.Context(), id); len(v.Consents) != 1 {
		t.Fatalf("consents %+v", v.Consents)
	}
	res, err := api.Records.Search(t.Context(), app.SearchRequest{Query: "lodz"})
	if err != nil || res.Total != 1 || res.Hits[0].ID != id {
		t.Fatalf("search: %v %+v", err, res)
	}
	if hl := res.Hits[0].Highlights["name"]; len(hl) != 1 || hl[0] != "Pracownia "+app.MarkStart+"Łódź"+app.MarkEnd+" Nowa" {
		t.Fatalf("highlight %q", hl)
	}
	if err := api.Records.Delete(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	if res, _ = api.Records.Search(t.Context(), app.SearchRequest{Query: "lodz"}); res.Total != 0 {
		t.Fatalf("deleted actor still found: %+v", res)
	}
	if err := api.Records.Restore(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	if err := api.Records.Erase(t.Context(), id, "wrong"); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("erase without confirmation: %v", err)
	}
	if err := api.Records.Erase(t.Context(), id, id); err != nil {
		t.Fatal(err)
	}
	if v, _ = api.Records.Actor(t.Context(), id); !v.Actor.Meta.Erased || v.Actor.Name != "" {
		t.Fatalf("erased actor %+v", v.Actor)
	}
	if _, err := api.Records.Actor(t.Context(), "01nosuchid"); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("missing actor: %v", err)
	}
}

func TestSearchFacetsAndFilters(t *testing.T) {
	api, d := newTestAPI(t)
	for _, a := range []model.Actor{
		{Kind: "organisation", Name: "Straße der Künste", Country: "DE", Sectors: []string{"design"}},
		{Kind: "hub", Name: "Malmö Ljud", Country: "SE", Sectors: []string{"design", "audiovisual"}},
		{Kind: "organisation", Name: "Žemaitijos studija", Country: "LT", Sectors: []string{"heritage"}},
	} {
		if _, err := d.Put(&a); err != nil {
			t.Fatal(err)
		}
	}
	for q, want := range map[string]int{"strasse": 1, "MALMO": 1, "zemaitij": 1, "": 3, "nothing": 0} {
		res, err := api.Records.Search(t.Context(), app.SearchRequest{Query: q})
		if err != nil || res.Total != want {
			t.Errorf("%q: total %d, want %d (%v)", q, res.Total, want, err)
		}
	}
	res, _ := api.Records.Search(t.Context(), app.SearchRequest{})
	counts := map[string]int{}
	for _, f := range res.Facets["sector"] {
		counts[f.Value] = f.Count
	}
	if counts["design"] != 2 || counts["heritage"] != 1 {
		t.Fatalf("sector facet %v", res.Facets["sector"])
	}
	res, _ = api.Records.Search(t.Context(), app.SearchRequest{Filters: map[string][]string{"sector": {"design"}}})
	if res.Total != counts["design"] {
		t.Fatalf("filter total %d, facet said %d", res.Total, counts["design"])
	}
	// Two values of one facet: either; the chosen facet still counts the others.
	res, _ = api.Records.Search(t.Context(), app.SearchRequest{Filters: map[string][]string{"country": {"LT", "SE"}, "sector": {"heritage", "audiovisual"}}})
	if res.Total != 2 {
		t.Fatalf("country LT or SE, sector heritage or audiovisual: total %d", res.Total)
	}
	res, _ = api.Records.Search(t.Context(), app.SearchRequest{Filters: map[string][]string{"country": {"LT"}, "sector": {"heritage", "audiovisual"}}})
	if res.Total != 1 || len(res.Facets["country"]) != 2 {
		t.Fatalf("country LT: total %d, country facet %v (LT and SE to choose from)", res.Total, res.Facets["country"])
	}
	if _, err := api.Records.Search(t.Context(), app.SearchRequest{Filters: map[string][]string{"colour": {"x"}}}); !errors.Is(err, app.ErrInvalid) {
		t.Fatalf("unknown filter: %v", err)
	}
}

func TestSettingsAndNetworkHooks(t *testing.T) {
	api, _ := newTestAPI(t)
	s, err := api.Records.SaveSettings(t.Context(), records.Settings{Office: "Rietavas", Language: "lt"})
	if err != nil || s.Office != "Rietavas" || s.Language != "lt" {
		t.Fatalf("%v %+v", err, s)
	}
	if _, err := api.Records.SaveSettings(t.Context(), records.Settings{Language: "fr"}); err == nil || !strings.Contains(err.Error(), "language") {
		t.Fatalf("bad language accepted: %v", err)
	}
	if peers, err := api.Offices.Peers(t.Context()); err != nil || peers == nil || len(peers) != 0 {
		t.Fatalf("peers without sync: %v %v", peers, err)
	}
	if _, err := api.Offices.NetworkInvite(t.Context()); !errors.Is(err, app.ErrNotAvailable) {
		t.Fatalf("invite without sync: %v", err)
	}
	if st, _ := app.DescribeError(app.ErrNotAvailable); st != app.KindNotAvailable {
		t.Fatalf("status %d", st)
	}
}

func TestResolveConflictValue(t *testing.T) {
	api, _ := newTestAPI(t)
	v, _ := api.Records.SaveActor(t.Context(), model.Actor{Kind: "organisation", Name: "A"})
	if err := api.Records.Resolve(t.Context(), v.Actor.ID, "name", json.RawMessage(`"B"`)); err != nil {
		t.Fatal(err)
	}
	if v, _ = api.Records.Actor(t.Context(), v.Actor.ID); v.Actor.Name != "B" {
		t.Fatalf("name %q", v.Actor.Name)
	}
	if err := api.Records.Resolve(t.Context(), v.Actor.ID, "", json.RawMessage(`"B"`)); err == nil {
		t.Fatal("resolve without field accepted")
	}
}

func TestDescribeDiskFull(t *testing.T) {
	for _, err := range []error{
		fmt.Errorf("save actor: %w", fmt.Errorf("%w (%w)", store.ErrDiskFull, &os.PathError{Op: "write", Path: "sbcc.db", Err: syscall.ENOSPC})),
		fmt.Errorf("update the search index: %w", &os.PathError{Op: "write", Path: "index/x.zap", Err: syscall.ENOSPC}),
	} {
		status, body := app.DescribeError(err)
		if status != app.KindDiskFull || body.Code != "disk-full" || !strings.HasPrefix(body.Error, "the disk is full") || !strings.HasSuffix(body.Error, "no space left on device)") {
			t.Errorf("%v: %d %+v", err, status, body)
		}
	}
}

// TestFacadeTypesStaySmall: no service of the façade has more than 25
// exported methods; a new screen gets a type of its own.
func TestFacadeTypesStaySmall(t *testing.T) {
	for _, svc := range (&API{}).Services() {
		if n := reflect.TypeOf(svc).NumMethod(); n > 25 || n == 0 {
			t.Errorf("%T has %d exported methods; split it by screen (at most 25)", svc, n)
		}
	}
}
