package nordigen

import (
	"encoding/binary"
	"errors"

	"github.com/namsfogd/namsfogd/internal/statement"
)

// The stored form of an upload's normalised statements (the record's
// statement column). A 10 MiB upload holds ~40 000 transactions; gob
// took ~60 ms to write them and as long to read them back, so they are
// written in this small binary form instead:
//
//	"NSB1" accounts
//	accounts     = uvarint(n) account*
//	account      = str(key) bool(key from input) str(bank)
//	               uvarint(n) str(holder)*
//	               uvarint(n) (bool(closing) varint(amount) str(currency))*
//	               uvarint(n) transaction*
//	transaction  = uvarint(seq) str(id) bool(has input id) str(status)
//	               str(date) str(value date) varint(amount) str(currency)
//	               str(info) str(partner) str(mcc)
//	               uvarint(n) str(bank code)* str(counter account)
//	str          = uvarint(0) uvarint(len) bytes    a string used once
//	             | uvarint(1) uvarint(len) bytes    a string entered in the table
//	             | uvarint(k+2)                     the table's k-th string
//
// Repeated texts (dates, merchants, currencies) are written once. Blobs
// of older records (gob "GOB1", or JSON) are still read by decodeUpload.
const nsbMagic = "NSB1"

// maxTable bounds the strings an encoder remembers.
const maxTable = 1 << 16

type nsbWriter struct {
	b     []byte
	table map[string]uint64
}

func (w *nsbWriter) uvarint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *nsbWriter) varint(v int64)   { w.b = binary.AppendVarint(w.b, v) }

func (w *nsbWriter) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// str writes a string that may repeat.
func (w *nsbWriter) str(s string) {
	if k, ok := w.table[s]; ok {
		w.uvarint(k + 2)
		return
	}
	if len(w.table) < maxTable {
		w.table[s] = uint64(len(w.table))
		w.uvarint(1)
	} else {
		w.uvarint(0)
	}
	w.uvarint(uint64(len(s)))
	w.b = append(w.b, s...)
}

// once writes a string that is not expected to repeat (ids).
func (w *nsbWriter) once(s string) {
	w.uvarint(0)
	w.uvarint(uint64(len(s)))
	w.b = append(w.b, s...)
}

// encodeStatements writes accounts in the NSB1 form.
func encodeStatements(accounts []*statement.Account) []byte {
	n := 0
	for _, a := range accounts {
		n += len(a.Transactions)
	}
	w := &nsbWriter{b: make([]byte, 0, 64+n*40), table: map[string]uint64{}}
	w.b = append(w.b, nsbMagic...)
	w.uvarint(uint64(len(accounts)))
	for _, a := range accounts {
		w.str(a.Key)
		w.bool(a.KeyFromInput)
		w.str(a.Bank)
		w.uvarint(uint64(len(a.Holders)))
		for _, h := range a.Holders {
			w.str(h)
		}
		w.uvarint(uint64(len(a.Balances)))
		for _, b := range a.Balances {
			w.bool(b.Closing)
			w.varint(b.Amount)
			w.str(b.Currency)
		}
		w.uvarint(uint64(len(a.Transactions)))
		for i := range a.Transactions {
			t := &a.Transactions[i]
			w.uvarint(uint64(t.Seq))
			w.once(t.ID)
			w.bool(t.HasInputID)
			w.str(t.Status)
			w.str(t.Date)
			w.str(t.ValueDate)
			w.varint(t.Amount)
			w.str(t.Currency)
			w.str(t.Info)
			w.str(t.Partner)
			w.str(t.MCC)
			w.uvarint(uint64(len(t.BankCodes)))
			for _, c := range t.BankCodes {
				w.str(c)
			}
			w.str(t.CounterAccount)
		}
	}
	return w.b
}

var errCorrupt = errors.New("nordigen: stored statement is corrupt")

// nsbReader reads the NSB1 form. Strings are substrings of one copy of
// the blob: one allocation for all of them.
type nsbReader struct {
	s     string
	i     int
	table []string
	err   error
}

func (r *nsbReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	// The string form of binary.Uvarint.
	var x uint64
	var sh uint
	for k := 0; k < binary.MaxVarintLen64; k++ {
		if r.i >= len(r.s) {
			break
		}
		c := r.s[r.i]
		r.i++
		if c < 0x80 {
			if k == binary.MaxVarintLen64-1 && c > 1 {
				break
			}
			return x | uint64(c)<<sh
		}
		x |= uint64(c&0x7f) << sh
		sh += 7
	}
	r.err = errCorrupt
	return 0
}

func (r *nsbReader) varint() int64 {
	ux := r.uvarint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (r *nsbReader) bool() bool {
	if r.err != nil || r.i >= len(r.s) {
		r.err = errCorrupt
		return false
	}
	c := r.s[r.i]
	r.i++
	return c == 1
}

// count reads a length that must fit in what is left of the blob (each
// element takes at least min bytes), so a corrupt blob cannot make the
// reader allocate without bound.
func (r *nsbReader) count(min int) int {
	n := r.uvarint()
	if r.err == nil && n > uint64((len(r.s)-r.i)/min) {
		r.err = errCorrupt
	}
	if r.err != nil {
		return 0
	}
	return int(n)
}

func (r *nsbReader) str() string {
	tag := r.uvarint()
	if r.err != nil {
		return ""
	}
	if tag >= 2 {
		if tag-2 >= uint64(len(r.table)) {
			r.err = errCorrupt
			return ""
		}
		return r.table[tag-2]
	}
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.s)-r.i) {
		r.err = errCorrupt
		return ""
	}
	s := r.s[r.i : r.i+int(n)]
	r.i += int(n)
	if tag == 1 {
		r.table = append(r.table, s)
	}
	return s
}

// decodeStatements reads the NSB1 form.
func decodeStatements(blob []byte) ([]*statement.Account, error) {
	if len(blob) < len(nsbMagic) || string(blob[:len(nsbMagic)]) != nsbMagic {
		return nil, errCorrupt
	}
	r := &nsbReader{s: string(blob), i: len(nsbMagic)}
	accounts := make([]*statement.Account, r.count(3))
	for ai := range accounts {
		a := &statement.Account{Key: r.str(), KeyFromInput: r.bool(), Bank: r.str()}
		if n := r.count(1); n > 0 {
			a.Holders = make([]string, n)
			for i := range a.Holders {
				a.Holders[i] = r.str()
			}
		}
		if n := r.count(3); n > 0 {
			a.Balances = make([]statement.Balance, n)
			for i := range a.Balances {
				a.Balances[i] = statement.Balance{Closing: r.bool(), Amount: r.varint(), Currency: r.str()}
			}
		}
		if n := r.count(14); n > 0 {
			a.Transactions = make([]statement.Transaction, n)
			for i := range a.Transactions {
				t := &a.Transactions[i]
				t.Seq = int(r.uvarint())
				t.ID = r.str()
				t.HasInputID = r.bool()
				t.Status = r.str()
				t.Date = r.str()
				t.ValueDate = r.str()
				t.Amount = r.varint()
				t.Currency = r.str()
				t.Info = r.str()
				t.Partner = r.str()
				t.MCC = r.str()
				if n := r.count(1); n > 0 {
					t.BankCodes = make([]string, n)
					for j := range t.BankCodes {
						t.BankCodes[j] = r.str()
					}
				}
				t.CounterAccount = r.str()
				if r.err != nil {
					return nil, r.err
				}
			}
		}
		if r.err != nil {
			return nil, r.err
		}
		accounts[ai] = a
	}
	if r.err == nil && r.i != len(r.s) {
		r.err = errCorrupt
	}
	if r.err != nil {
		return nil, r.err
	}
	return accounts, nil
}
