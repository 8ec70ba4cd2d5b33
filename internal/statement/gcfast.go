package statement

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// The one-pass decoder of the canonical statement (spec:
// statement-analysis.md §5.3). A 10 MiB upload holds about 40 000
// transactions; decoding them with encoding/json into structs took most
// of the upload's time, so well-formed files are read here by a small
// JSON scanner straight into gcFlat, with no intermediate values.
//
// Invariant: whenever this decoder accepts a file, the member-by-member
// path (parseJSONSlow, encoding/json) yields the same accounts
// (FuzzGoCardlessFastMatchesSlow). Anything it is not sure to read
// exactly as encoding/json would — a duplicate member, a member name
// that matches a known one only case-insensitively, a value of an
// unexpected type, invalid JSON — makes it give up, and the slow path
// decides, naming the exact location of any problem.

// gcBail is the panic value that abandons the fast path.
type gcBail struct{}

// strictFast makes parseGoCardlessFast re-panic on anything but gcBail;
// the fuzz tests set it so that a decoder bug is not hidden by the
// fallback.
var strictFast = false

type gcScanner struct {
	s string // the whole file
	i int
	// strs keeps one copy of each repeated text (dates, currencies,
	// names, texts) so that the parsed statement neither pins the file
	// nor holds thousands of equal strings.
	strs map[string]string
}

// maxInterned bounds the interning table; texts beyond it are copied.
const maxInterned = 1 << 16

func (d *gcScanner) bail() { panic(gcBail{}) }

// keep returns a string that does not share memory with the file.
func (d *gcScanner) keep(v string) string {
	if v == "" {
		return ""
	}
	if k, ok := d.strs[v]; ok {
		return k
	}
	k := strings.Clone(v)
	if len(d.strs) < maxInterned {
		d.strs[k] = k
	}
	return k
}

// clone copies a string that is unlikely to repeat (ids, accounts).
func clone(v string) string { return strings.Clone(v) }

func (d *gcScanner) ws() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte without consuming it (0 at the end).
func (d *gcScanner) peek() byte {
	d.ws()
	if d.i >= len(d.s) {
		return 0
	}
	return d.s[d.i]
}

func (d *gcScanner) expect(c byte) {
	if d.peek() != c {
		d.bail()
	}
	d.i++
}

// null consumes a null literal if one comes next.
func (d *gcScanner) null() bool {
	if d.peek() == 'n' {
		if !strings.HasPrefix(d.s[d.i:], "null") {
			d.bail()
		}
		d.i += 4
		return true
	}
	return false
}

// rawString scans a JSON string token and returns it with its quotes;
// escaped tells whether it holds a backslash escape.
func (d *gcScanner) rawString() (tok string, escaped bool) {
	if d.peek() != '"' {
		d.bail()
	}
	start := d.i
	d.i++
	high := false
	for {
		// Skip the bytes that need no attention.
		for d.i < len(d.s) && strPlain[d.s[d.i]] {
			d.i++
		}
		if d.i >= len(d.s) {
			d.bail()
		}
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			tok = d.s[start:d.i]
			if high && !utf8.ValidString(tok) {
				d.bail() // encoding/json would substitute U+FFFD
			}
			return tok, escaped
		case c == '\\':
			escaped = true
			if d.i+1 >= len(d.s) {
				d.bail()
			}
			switch d.s[d.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				d.i += 2
			case 'u':
				if d.i+6 > len(d.s) {
					d.bail()
				}
				for _, h := range []byte(d.s[d.i+2 : d.i+6]) {
					if !isHex(h) {
						d.bail()
					}
				}
				d.i += 6
			default:
				d.bail()
			}
		case c < 0x20:
			d.bail()
		default: // c >= utf8.RuneSelf
			high = true
			d.i++
		}
	}
}

// strPlain marks the bytes a JSON string may hold that end nothing and
// need no check: not '"', '\\', a control character or non-ASCII.
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// str reads a JSON string's value. The result may share memory with the
// file.
func (d *gcScanner) str() string {
	tok, escaped := d.rawString()
	if !escaped {
		return tok[1 : len(tok)-1]
	}
	var v string
	if json.Unmarshal([]byte(tok), &v) != nil {
		d.bail()
	}
	return v
}

// strField reads a member that encoding/json decodes into a string: a
// string, or null, which leaves it unchanged.
func (d *gcScanner) strField(dst *string) {
	if d.null() {
		return
	}
	*dst = d.str()
}

// number scans a JSON number token.
func (d *gcScanner) number() {
	s, i := d.s, d.i
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		d.bail()
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			d.bail()
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			d.bail()
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	d.i = i
}

// maxDepth bounds the nesting the fast path follows; deeper files go to
// encoding/json, which has its own limit.
const maxDepth = 512

// skip scans any JSON value and returns its text.
func (d *gcScanner) skip() string {
	d.ws()
	start := d.i
	depth := 0
	var stack [maxDepth]byte
	for {
		switch c := d.peek(); c {
		case '{', '[':
			if depth == maxDepth {
				d.bail()
			}
			stack[depth] = c
			depth++
			d.i++
			if d.peek() == c+2 { // '}' = '{'+2, ']' = '['+2
				d.i++
				depth--
				break
			}
			if c == '{' {
				d.rawString()
				d.expect(':')
			}
			continue
		case '"':
			d.rawString()
		case 't':
			d.literal("true")
		case 'f':
			d.literal("false")
		case 'n':
			d.literal("null")
		default:
			d.number()
		}
		// After a value: close containers or go on to the next element.
		for {
			if depth == 0 {
				return d.s[start:d.i]
			}
			switch d.peek() {
			case ',':
				d.i++
				if stack[depth-1] == '{' {
					d.rawString()
					d.expect(':')
				}
			case stack[depth-1] + 2:
				d.i++
				depth--
				continue
			default:
				d.bail()
			}
			break
		}
	}
}

func (d *gcScanner) literal(lit string) {
	if !strings.HasPrefix(d.s[d.i:], lit) {
		d.bail()
	}
	d.i += len(lit)
}

// object calls member for each member name of an object; member must
// consume the value. Duplicate names make the fast path give up.
func (d *gcScanner) object(member func(key string)) {
	d.expect('{')
	if d.peek() == '}' {
		d.i++
		return
	}
	for {
		key, escaped := d.rawString()
		if escaped {
			d.bail()
		}
		d.expect(':')
		member(key[1 : len(key)-1])
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			return
		default:
			d.bail()
		}
	}
}

// array calls elem for each element of an array.
func (d *gcScanner) array(elem func()) {
	d.expect('[')
	if d.peek() == ']' {
		d.i++
		return
	}
	for {
		elem()
		switch d.peek() {
		case ',':
			d.i++
		case ']':
			d.i++
			return
		default:
			d.bail()
		}
	}
}

// seen records a member of an object and gives up on a duplicate.
func (d *gcScanner) seen(mask *uint32, bit int) {
	if *mask&(1<<bit) != 0 {
		d.bail()
	}
	*mask |= 1 << bit
}

// unknown skips a member the decoder does not read, giving up when
// encoding/json would match it to a known member case-insensitively.
func (d *gcScanner) unknown(key string, known []string) {
	for i := 0; i < len(key); i++ {
		if key[i] >= utf8.RuneSelf {
			d.bail()
		}
	}
	for _, k := range known {
		if strings.EqualFold(key, k) {
			d.bail()
		}
	}
	d.skip()
}

var (
	gcStatementKeys = []string{"transactions", "account", "balances"}
	gcTxListKeys    = []string{"booked", "pending"}
	gcAccountKeys   = []string{"iban", "bban", "resourceId", "currency", "ownerName", "bank", "holders"}
	gcHolderKeys    = []string{"name"}
	gcBalanceKeys   = []string{"balanceAmount", "balanceType"}
	gcAmountKeys    = []string{"amount", "currency"}
	gcRefKeys       = []string{"iban", "bban"}
	gcTxKeys        = []string{"transactionId", "internalTransactionId", "entryReference", "bookingDate", "valueDate",
		"bookingDateTime", "valueDateTime", "transactionAmount", "creditorName", "ultimateCreditor", "debtorName",
		"ultimateDebtor", "creditorAccount", "debtorAccount", "remittanceInformationUnstructured",
		"remittanceInformationUnstructuredArray", "remittanceInformationStructured", "additionalInformation",
		"merchantCategoryCode", "bankTransactionCode", "proprietaryBankTransactionCode"}
)

// parseGoCardlessFast decodes a well-formed canonical file (one object or
// an array of objects) in a single pass. ok is false when the file is
// anything else or has any problem; the caller then takes the slow path.
func parseGoCardlessFast(index int, data []byte) (f *File, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, bail := r.(gcBail); !bail && strictFast {
				panic(r)
			}
			f, ok = nil, false
		}
	}()
	d := &gcScanner{s: string(data), strs: map[string]string{}}
	// Room for every transaction at once: each has at least two objects
	// (itself and its transactionAmount). Counting one byte is fast; the
	// room left over is given back (clip).
	hint := bytes.Count(data, []byte("{")) / 2
	f = &File{Index: index, Format: FormatGoCardless}
	if d.peek() == '[' {
		d.array(func() { f.Accounts = append(f.Accounts, d.statement(&hint)) })
		if len(f.Accounts) == 0 {
			return nil, false
		}
	} else {
		f.Accounts = append(f.Accounts, d.statement(&hint))
	}
	if d.peek() != 0 {
		return nil, false // trailing data: not one JSON value
	}
	return f, true
}

// statement reads one statement object (§5.3) into an account.
func (d *gcScanner) statement(hint *int) *Account {
	if d.peek() != '{' {
		d.bail()
	}
	var (
		st              gcStatement
		booked, pending []Transaction
		hasTx, hasBook  bool
		mask            uint32
	)
	d.object(func(key string) {
		switch key {
		case "transactions":
			d.seen(&mask, 0)
			if d.null() {
				return
			}
			hasTx = true
			var m uint32
			d.object(func(key string) {
				switch key {
				case "booked":
					d.seen(&m, 0)
					if d.null() {
						return
					}
					hasBook = true
					booked = d.transactions(Booked, hint)
				case "pending":
					d.seen(&m, 1)
					if d.null() {
						return
					}
					pending = d.transactions(Pending, hint)
				default:
					d.unknown(key, gcTxListKeys)
				}
			})
		case "account":
			d.seen(&mask, 1)
			if d.null() {
				return
			}
			st.Account = d.account()
		case "balances":
			d.seen(&mask, 2)
			if d.null() {
				return
			}
			d.array(func() { st.Balances = append(st.Balances, d.balance()) })
		default:
			d.unknown(key, gcStatementKeys)
		}
	})
	if !hasTx || !hasBook {
		d.bail()
	}
	acc, err := gcAccount(st, "")
	if err != nil {
		d.bail()
	}
	if len(booked)+len(pending) > 0 {
		acc.Transactions = clip(append(booked, pending...))
	}
	return acc
}

func (d *gcScanner) account() *gcAccountJSON {
	a := &gcAccountJSON{}
	var mask uint32
	d.object(func(key string) {
		switch key {
		case "iban":
			d.seen(&mask, 0)
			d.strField(&a.IBAN)
		case "bban":
			d.seen(&mask, 1)
			d.strField(&a.BBAN)
		case "resourceId":
			d.seen(&mask, 2)
			d.strField(&a.ResourceID)
		case "currency":
			d.seen(&mask, 3)
			d.strField(&a.Currency)
		case "ownerName":
			d.seen(&mask, 4)
			d.strField(&a.OwnerName)
		case "bank":
			d.seen(&mask, 5)
			d.strField(&a.Bank)
		case "holders":
			d.seen(&mask, 6)
			if d.null() {
				return
			}
			d.array(func() {
				if d.peek() != '{' {
					d.bail()
				}
				var h struct {
					Name string `json:"name"`
				}
				var m uint32
				d.object(func(key string) {
					if key != "name" {
						d.unknown(key, gcHolderKeys)
						return
					}
					d.seen(&m, 0)
					d.strField(&h.Name)
				})
				h.Name = clone(h.Name)
				a.Holders = append(a.Holders, h)
			})
		default:
			d.unknown(key, gcAccountKeys)
		}
	})
	a.IBAN, a.BBAN, a.OwnerName, a.Bank = clone(a.IBAN), clone(a.BBAN), clone(a.OwnerName), clone(a.Bank)
	return a
}

func (d *gcScanner) balance() gcBalanceJSON {
	var b gcBalanceJSON
	if d.peek() != '{' {
		d.bail()
	}
	var mask uint32
	d.object(func(key string) {
		switch key {
		case "balanceAmount":
			d.seen(&mask, 0)
			if d.null() {
				return
			}
			var m uint32
			d.object(func(key string) {
				switch key {
				case "amount":
					d.seen(&m, 0)
					b.BalanceAmount.Amount = json.RawMessage(d.skip())
				case "currency":
					d.seen(&m, 1)
					d.strField(&b.BalanceAmount.Currency)
				default:
					d.unknown(key, gcAmountKeys)
				}
			})
		case "balanceType":
			d.seen(&mask, 1)
			d.strField(&b.BalanceType)
		default:
			d.unknown(key, gcBalanceKeys)
		}
	})
	b.BalanceAmount.Currency = d.keep(b.BalanceAmount.Currency)
	return b
}

// transactions reads an array of transactions; hint is the room still
// expected for transactions in the file.
func (d *gcScanner) transactions(status string, hint *int) []Transaction {
	var out []Transaction
	if status == Booked && *hint > 0 {
		out = make([]Transaction, 0, *hint)
	}
	var g gcFlat
	d.array(func() {
		g = gcFlat{}
		d.transaction(&g)
		t, err := g.convert("")
		if err != nil {
			d.bail()
		}
		t.Status = status
		d.own(&t)
		out = append(out, t)
	})
	*hint -= len(out)
	return out
}

// own replaces every string of t that may share memory with the file.
func (d *gcScanner) own(t *Transaction) {
	t.ID = clone(t.ID)
	t.Date = d.keep(t.Date)
	t.ValueDate = d.keep(t.ValueDate)
	t.Currency = d.keep(t.Currency)
	t.Info = d.keep(t.Info)
	t.Partner = d.keep(t.Partner)
	t.MCC = d.keep(t.MCC)
	for i, c := range t.BankCodes {
		t.BankCodes[i] = d.keep(c)
	}
	t.CounterAccount = d.keep(t.CounterAccount)
}

// transaction reads one transaction object into g.
func (d *gcScanner) transaction(g *gcFlat) {
	if d.peek() != '{' {
		d.bail()
	}
	var mask uint32
	d.object(func(key string) {
		switch key {
		case "transactionId":
			d.seen(&mask, 0)
			d.strField(&g.ids[0])
		case "internalTransactionId":
			d.seen(&mask, 1)
			d.strField(&g.ids[1])
		case "entryReference":
			d.seen(&mask, 2)
			d.strField(&g.ids[2])
		case "bookingDate":
			d.seen(&mask, 3)
			d.strField(&g.dates[0])
		case "valueDate":
			d.seen(&mask, 4)
			d.strField(&g.dates[1])
		case "bookingDateTime":
			d.seen(&mask, 5)
			d.strField(&g.dates[2])
		case "valueDateTime":
			d.seen(&mask, 6)
			d.strField(&g.dates[3])
		case "transactionAmount":
			d.seen(&mask, 7)
			if d.null() {
				return
			}
			g.hasAmount = true
			var m uint32
			d.object(func(key string) {
				switch key {
				case "amount":
					d.seen(&m, 0)
					g.amount = rawText(d.skip())
				case "currency":
					d.seen(&m, 1)
					d.strField(&g.currency)
				default:
					d.unknown(key, gcAmountKeys)
				}
			})
		case "creditorName":
			d.seen(&mask, 8)
			d.strField(&g.creditor)
		case "ultimateCreditor":
			d.seen(&mask, 9)
			d.strField(&g.ultCreditor)
		case "debtorName":
			d.seen(&mask, 10)
			d.strField(&g.debtor)
		case "ultimateDebtor":
			d.seen(&mask, 11)
			d.strField(&g.ultDebtor)
		case "creditorAccount":
			d.seen(&mask, 12)
			d.accountRef(&g.creditorIBAN, &g.creditorBBAN)
		case "debtorAccount":
			d.seen(&mask, 13)
			d.accountRef(&g.debtorIBAN, &g.debtorBBAN)
		case "remittanceInformationUnstructured":
			d.seen(&mask, 14)
			d.strField(&g.remitUnstr)
		case "remittanceInformationUnstructuredArray":
			d.seen(&mask, 15)
			if d.null() {
				return
			}
			g.remitArray = []string{}
			d.array(func() {
				var v string
				d.strField(&v)
				g.remitArray = append(g.remitArray, v)
			})
		case "remittanceInformationStructured":
			d.seen(&mask, 16)
			g.remitStructured = rawText(d.skip())
		case "additionalInformation":
			d.seen(&mask, 17)
			d.strField(&g.additionalInfo)
		case "merchantCategoryCode":
			d.seen(&mask, 18)
			d.strField(&g.mcc)
		case "bankTransactionCode":
			d.seen(&mask, 19)
			d.strField(&g.bankTxCode)
		case "proprietaryBankTransactionCode":
			d.seen(&mask, 20)
			d.strField(&g.propBankTxCode)
		default:
			d.unknown(key, gcTxKeys)
		}
	})
}

// accountRef reads a creditorAccount or debtorAccount object.
func (d *gcScanner) accountRef(iban, bban *string) {
	if d.null() {
		return
	}
	if d.peek() != '{' {
		d.bail()
	}
	var m uint32
	d.object(func(key string) {
		switch key {
		case "iban":
			d.seen(&m, 0)
			d.strField(iban)
		case "bban":
			d.seen(&m, 1)
			d.strField(bban)
		default:
			d.unknown(key, gcRefKeys)
		}
	})
}

// clip gives back the room of a transaction slice when more than an
// eighth of it is unused.
func clip(txs []Transaction) []Transaction {
	if cap(txs)-len(txs) <= cap(txs)/8 {
		return txs
	}
	return append([]Transaction(nil), txs...)
}
