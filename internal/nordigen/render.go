package nordigen

import (
	"strconv"

	"github.com/namsfogd/namsfogd/internal/categorise"
	"github.com/namsfogd/namsfogd/internal/statement"
)

// Writing a finished record's result (spec §3.3, §6.3). The result is
// the JSON object of operation members that GET /v2/report/{id} splices
// into its attributes. It is written straight from the report and the
// statement, in the key order encoding/json would use for the documented
// shapes (TestRenderMatchesEncodingJSON checks it byte for byte), into a
// resultWriter that compresses it as it goes.

// write writes the result object: one member per requested operation,
// keys in ascending order (categorisation, credit-scores,
// credit-scoring).
func (r *report) write(w *resultWriter) error {
	w.b = append(w.b, '{')
	sep := false
	member := func(name string) {
		if sep {
			w.b = append(w.b, ',')
		}
		sep = true
		w.b = appendJSONString(w.b, name)
		w.b = append(w.b, ':')
	}
	if r.categorisation {
		member(opCategorisation)
		if err := r.writeCategorisation(w); err != nil {
			return err
		}
	}
	if r.creditScores {
		member(opCreditScores)
		if err := w.marshal(r.scores); err != nil {
			return err
		}
	}
	if r.creditScoring {
		member(opCreditScoring)
		if err := w.marshal(r.credit); err != nil {
			return err
		}
	}
	w.b = append(w.b, '}')
	return nil
}

// writeCategorisation writes the categorisation object (spec §6.3):
// accounts, category_tree_version, summary, totals.
func (r *report) writeCategorisation(w *resultWriter) error {
	frags := map[int32][]byte{}
	w.b = append(w.b, `{"accounts":[`...)
	for i := range r.accounts {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		r.writeAccount(w, &r.accounts[i], frags)
	}
	w.b = append(w.b, `],"category_tree_version":`...)
	w.b = appendJSONString(w.b, r.version)
	w.b = append(w.b, `,"summary":`...)
	if err := w.marshal(r.summary); err != nil {
		return err
	}
	w.b = append(w.b, `,"totals":`...)
	if err := w.marshal(r.totals); err != nil {
		return err
	}
	w.b = append(w.b, '}')
	return nil
}

func (r *report) writeAccount(w *resultWriter, ar *accountReport, frags map[int32][]byte) {
	a := ar.a
	w.b = append(w.b, `{"account_number":`...)
	if a.KeyFromInput {
		w.b = appendJSONString(w.b, a.Key)
	} else {
		w.b = append(w.b, "null"...)
	}
	w.b = append(w.b, `,"bank":`...)
	if a.Bank != "" {
		w.b = appendJSONString(w.b, a.Bank)
	} else {
		w.b = append(w.b, "null"...)
	}
	w.b = append(w.b, `,"country":`...)
	w.b = appendJSONString(w.b, r.country)
	w.b = append(w.b, `,"currencies":[`...)
	for ci := range ar.currencies {
		c := &ar.currencies[ci]
		if ci > 0 {
			w.b = append(w.b, ',')
		}
		w.b = append(w.b, `{"code":`...)
		w.b = appendJSONString(w.b, c.code)
		w.b = append(w.b, `,"credit_turnover":`...)
		w.b = appendMinor(w.b, c.credit)
		w.b = append(w.b, `,"debit_turnover":`...)
		w.b = appendMinor(w.b, c.debit)
		w.b = append(w.b, `,"start_balance":`...)
		w.b = appendMinorPtr(w.b, c.start)
		w.b = append(w.b, `,"end_balance":`...)
		w.b = appendMinorPtr(w.b, c.end)
		w.b = append(w.b, `,"transactions":[`...)
		for k, i := range c.txs {
			if k > 0 {
				w.b = append(w.b, ',')
			}
			t := &a.Transactions[i]
			cat := ar.cats[i]
			frag, ok := frags[cat.id]
			if !ok {
				frag = categoryFragment(int(cat.id), r.country)
				frags[cat.id] = frag
			}
			w.b = append(w.b, `{"amount":`...)
			w.b = appendMinor(w.b, t.Amount)
			w.b = append(w.b, frag...)
			w.b = strconv.AppendFloat(w.b, cat.confidence, 'f', -1, 64)
			w.b = append(w.b, `,"date":`...)
			w.b = appendJSONString(w.b, t.Date)
			w.b = append(w.b, `,"value_date":`...)
			if t.ValueDate == "" {
				w.b = append(w.b, "null"...)
			} else {
				w.b = appendJSONString(w.b, t.ValueDate)
			}
			w.b = append(w.b, `,"info":`...)
			w.b = appendJSONString(w.b, t.Info)
			w.b = append(w.b, `,"partner":`...)
			w.b = appendJSONString(w.b, t.Partner)
			w.b = append(w.b, `,"transaction_id":`...)
			w.b = appendJSONString(w.b, t.ID)
			w.b = append(w.b, `,"booking_status":`...)
			w.b = appendJSONString(w.b, t.Status)
			w.b = append(w.b, '}')
			w.spill()
		}
		w.b = append(w.b, "]}"...)
	}
	w.b = append(w.b, `],"holders":[`...)
	for i, h := range ar.holders {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.b = append(w.b, `{"name":`...)
		w.b = appendJSONString(w.b, h)
		w.b = append(w.b, '}')
	}
	w.b = append(w.b, `],"is_joint_ownership":`...)
	w.b = strconv.AppendBool(w.b, ar.joint)
	w.b = append(w.b, `,"is_shared_ownership":`...)
	w.b = strconv.AppendBool(w.b, ar.shared)
	w.b = append(w.b, `,"period_start":`...)
	w.b = appendDateOrNull(w.b, ar.periodFrom)
	w.b = append(w.b, `,"period_end":`...)
	w.b = appendDateOrNull(w.b, ar.periodTo)
	w.b = append(w.b, '}')
}

// categoryFragment is the part of a result transaction that depends on
// its category only: from category_id up to the confidence's key.
func categoryFragment(id int, country string) []byte {
	n, _ := categorise.Lookup(id)
	b := []byte(`,"category_id":`)
	b = strconv.AppendInt(b, int64(n.ID), 10)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, n.Title(country))
	b = append(b, `,"level":`...)
	b = strconv.AppendInt(b, int64(n.Level), 10)
	b = append(b, `,"parent_id":`...)
	if n.Parent == 0 {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendInt(b, int64(n.Parent), 10)
	}
	b = append(b, `,"category_path":[`...)
	if n.Parent != 0 {
		p, _ := categorise.Lookup(n.Parent)
		b = appendPathItem(b, p.ID, p.Title(country))
		b = append(b, ',')
	}
	b = appendPathItem(b, n.ID, n.Title(country))
	b = append(b, `],"type":`...)
	b = appendJSONString(b, n.Type)
	return append(b, `,"confidence":`...)
}

func appendPathItem(b []byte, id int, title string) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, int64(id), 10)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, title)
	return append(b, '}')
}

func appendMinor(b []byte, v int64) []byte { return statement.AppendMinor(b, v) }

func appendMinorPtr(b []byte, v *int64) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	return statement.AppendMinor(b, *v)
}

func appendDateOrNull(b []byte, d string) []byte {
	if d == "" {
		return append(b, "null"...)
	}
	return appendJSONString(b, d)
}
