package nordigen

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// seedWorld loads a small deterministic world and returns persons that
// have an everyday NOK account, with an employment first.
func (e *env) seedWorld() []string {
	e.t.Helper()
	ctx := context.Background()
	if err := e.db.LoadWorld(ctx, store.WorldInfo{Seed: 1, Persons: 300}, func(s world.Sink) error {
		return world.Generate(world.GenConfig{Seed: 1, Persons: 300}, s)
	}); err != nil {
		e.t.Fatal(err)
	}
	ps, err := e.db.ListPersons(ctx, "", 300)
	if err != nil {
		e.t.Fatal(err)
	}
	var employed, other []string
	for _, p := range ps {
		if _, err := e.svc.worldStatement(ctx, e.db, p.NIN, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)); err != nil {
			continue
		}
		if es, _ := e.db.EmploymentsByPerson(ctx, p.NIN); len(es) > 0 {
			employed = append(employed, p.NIN)
		} else {
			other = append(other, p.NIN)
		}
	}
	return append(employed, other...)
}

func (e *env) export(body string) (*http.Response, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+"/admin/nordigen/export", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return e.rawDo(req)
}

// TestWorldExport exports 12 months of a world person's transactions in
// every format, uploads the file, and checks that the categorisation
// agrees with what each generated transaction is (salary, rent,
// groceries, ...), and that the export is audited.
func TestWorldExport(t *testing.T) {
	e := newEnv(t, nil)
	nins := e.seedWorld()
	if len(nins) < 5 {
		t.Fatalf("only %d exportable persons", len(nins))
	}
	to := time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)
	for i, format := range []string{"gocardless-json", "nordigen-legacy-json", "camt053", "csv-generic"} {
		nin := nins[i]
		resp, file := e.export(fmt.Sprintf(`{"nin":%q,"months":12,"format":%q,"to":"2026-02-28"}`, nin, format))
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", format, resp.StatusCode, file)
		}
		again, file2 := e.export(fmt.Sprintf(`{"nin":%q,"months":12,"format":%q,"to":"2026-02-28"}`, nin, format))
		if again.StatusCode != 200 || (format != "camt053" && string(file2) != string(file)) {
			t.Fatalf("%s: export is not deterministic", format)
		}
		id, m := e.upload(file)
		if f := dig(m, "meta", "files", 0, "format"); f != format {
			t.Fatalf("export %s detected as %v", format, f)
		}
		e.put(id, `{"country":"no","operations":["categorisation","credit-scoring"]}`)
		a := e.wait(id)
		if a["status"] != "completed" {
			t.Fatalf("%s: %v", format, a)
		}
		accts, err := e.svc.worldStatement(context.Background(), e.db, nin, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), to)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]genTx{}
		for _, ac := range accts {
			for _, tx := range ac.Txs {
				want[tx.ID] = tx
			}
		}
		txs := transactions(a["categorisation"])
		if len(txs) != len(want) {
			t.Fatalf("%s: %d transactions returned, %d exported", format, len(txs), len(want))
		}
		hit, misses := 0, map[string]int{}
		for _, tx := range txs {
			w := want[tx["transaction_id"].(string)]
			if int(tx["category_id"].(float64)) == w.Want {
				hit++
			} else {
				misses[fmt.Sprintf("%d→%v %q", w.Want, tx["category_id"], w.Info)]++
			}
		}
		acc := float64(hit) / float64(len(txs))
		t.Logf("%s (%s): %d transactions, leaf agreement %.3f", format, nin, len(txs), acc)
		t.Logf("misses %v", misses)
		if acc < 0.9 {
			t.Errorf("%s: leaf agreement %.3f; misses %v", format, acc, misses)
		}
		if r := dig(a, "credit-scoring", "results", 0); dig(r, "months_observed") != 12.0 {
			t.Errorf("%s: months_observed %v", format, dig(r, "months_observed"))
		}
		recs, _ := e.db.ListAudit(context.Background(), store.AuditQuery{SubjectID: nin, Service: "nordigen"})
		var actions []string
		for _, r := range recs {
			actions = append(actions, r.Action)
		}
		if strings.Join(actions, ",") != "statement.export,statement.export,report.upload,report.read" {
			t.Fatalf("%s: audit trail of %s: %v", format, nin, actions)
		}
	}
	for body, field := range map[string]string{
		`{"nin":"00000000000"}`:                      "nin",
		`{"nin":"` + nins[0] + `","months":30}`:      "months",
		`{"nin":"` + nins[0] + `","format":"pdf"}`:   "format",
		`{"nin":"` + nins[0] + `","to":"yesterday"}`: "to",
	} {
		resp, b := e.export(body)
		if resp.StatusCode < 400 || resp.StatusCode >= 500 || !strings.Contains(string(b), `"field":"`+field+`"`) {
			t.Fatalf("%s: %d %s", body, resp.StatusCode, b)
		}
	}
}
