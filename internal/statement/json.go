package statement

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

type gcStatement struct {
	Transactions *struct {
		Booked  json.RawMessage `json:"booked"`
		Pending json.RawMessage `json:"pending"`
	} `json:"transactions"`
	Account  *gcAccountJSON  `json:"account"`
	Balances []gcBalanceJSON `json:"balances"`
}

type gcAccountJSON struct {
	IBAN       string `json:"iban"`
	BBAN       string `json:"bban"`
	ResourceID string `json:"resourceId"`
	Currency   string `json:"currency"`
	OwnerName  string `json:"ownerName"`
	Bank       string `json:"bank"`
	Holders    []struct {
		Name string `json:"name"`
	} `json:"holders"`
}

type gcBalanceJSON struct {
	BalanceAmount struct {
		Amount   json.RawMessage `json:"amount"`
		Currency string          `json:"currency"`
	} `json:"balanceAmount"`
	BalanceType string `json:"balanceType"`
}

type gcAccountRef struct {
	IBAN string `json:"iban"`
	BBAN string `json:"bban"`
}

type gcTx struct {
	TransactionID         string `json:"transactionId"`
	InternalTransactionID string `json:"internalTransactionId"`
	EntryReference        string `json:"entryReference"`
	BookingDate           string `json:"bookingDate"`
	ValueDate             string `json:"valueDate"`
	BookingDateTime       string `json:"bookingDateTime"`
	ValueDateTime         string `json:"valueDateTime"`
	TransactionAmount     *struct {
		Amount   json.RawMessage `json:"amount"`
		Currency string          `json:"currency"`
	} `json:"transactionAmount"`
	CreditorName     string          `json:"creditorName"`
	UltimateCreditor string          `json:"ultimateCreditor"`
	DebtorName       string          `json:"debtorName"`
	UltimateDebtor   string          `json:"ultimateDebtor"`
	CreditorAccount  *gcAccountRef   `json:"creditorAccount"`
	DebtorAccount    *gcAccountRef   `json:"debtorAccount"`
	RemitUnstr       string          `json:"remittanceInformationUnstructured"`
	RemitUnstrArray  []string        `json:"remittanceInformationUnstructuredArray"`
	RemitStructured  json.RawMessage `json:"remittanceInformationStructured"`
	AdditionalInfo   string          `json:"additionalInformation"`
	MCC              string          `json:"merchantCategoryCode"`
	BankTxCode       string          `json:"bankTransactionCode"`
	PropBankTxCode   string          `json:"proprietaryBankTransactionCode"`
}

// parseJSON detects and parses a JSON statement (spec §5.2 step 4): a
// well-formed canonical file in one pass, anything else member by member.
func parseJSON(index int, data []byte) (*File, error) {
	if f, ok := parseGoCardlessFast(index, data); ok {
		return f, nil
	}
	return parseJSONSlow(index, data)
}

// parseJSONSlow decodes member by member so that any problem is reported
// with its exact location.
func parseJSONSlow(index int, data []byte) (*File, error) {
	src := fmt.Sprintf("input[%d]", index)
	if !json.Valid(data) {
		return nil, &Error{Code: CodeInvalid, Source: src, Detail: "the file is not valid JSON"}
	}
	trim := bytes.TrimSpace(data)
	var stmts []json.RawMessage
	if trim[0] == '[' {
		if err := json.Unmarshal(trim, &stmts); err != nil {
			return nil, &Error{Code: CodeInvalid, Source: src, Detail: "the file is not valid JSON"}
		}
		if len(stmts) == 0 {
			return nil, &Error{Code: CodeNoParser, Source: src, Detail: "an empty JSON array is not a statement"}
		}
		for _, s := range stmts {
			var probe map[string]json.RawMessage
			if json.Unmarshal(s, &probe) != nil || probe["transactions"] == nil {
				return nil, &Error{Code: CodeNoParser, Source: src, Detail: "a JSON array must hold statement objects with a transactions member"}
			}
		}
		return parseGoCardless(index, stmts, true)
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(trim, &probe); err != nil {
		return nil, &Error{Code: CodeInvalid, Source: src, Detail: "the file is not valid JSON"}
	}
	switch {
	case probe["transactions"] != nil:
		return parseGoCardless(index, []json.RawMessage{trim}, false)
	case probe["account_list"] != nil:
		return parseLegacy(index, trim)
	}
	return nil, &Error{Code: CodeNoParser, Source: src, Detail: "JSON without a transactions or account_list member is not a known statement format"}
}

func parseGoCardless(index int, stmts []json.RawMessage, isArray bool) (*File, error) {
	f := &File{Index: index, Format: FormatGoCardless}
	for si, raw := range stmts {
		base := fmt.Sprintf("input[%d]", index)
		if isArray {
			base += fmt.Sprintf("/%d", si)
		}
		var st gcStatement
		if err := json.Unmarshal(raw, &st); err != nil {
			return nil, &Error{Code: CodeInvalid, Source: base, Detail: "the statement object has members of the wrong type: " + jsonErr(err)}
		}
		if st.Transactions == nil {
			return nil, &Error{Code: CodeInvalid, Source: base + "/transactions", Detail: "transactions must be an object with a booked array"}
		}
		acc, err := gcAccount(st, base)
		if err != nil {
			return nil, err
		}
		for _, part := range []struct {
			name   string
			raw    json.RawMessage
			status string
			need   bool
		}{{"booked", st.Transactions.Booked, Booked, true}, {"pending", st.Transactions.Pending, Pending, false}} {
			path := base + "/transactions/" + part.name
			if len(part.raw) == 0 || string(part.raw) == "null" {
				if part.need {
					return nil, &Error{Code: CodeInvalid, Source: path, Detail: "transactions.booked is required and must be an array"}
				}
				continue
			}
			var items []json.RawMessage
			if err := json.Unmarshal(part.raw, &items); err != nil {
				return nil, &Error{Code: CodeInvalid, Source: path, Detail: "transactions." + part.name + " must be an array"}
			}
			for i, it := range items {
				t, err := gcTransaction(it, fmt.Sprintf("%s/%d", path, i))
				if err != nil {
					return nil, err
				}
				t.Status = part.status
				acc.Transactions = append(acc.Transactions, t)
			}
		}
		f.Accounts = append(f.Accounts, acc)
	}
	return f, nil
}

// gcAccount maps a statement's account details and balances.
func gcAccount(st gcStatement, base string) (*Account, error) {
	acc := &Account{}
	if a := st.Account; a != nil {
		switch {
		case a.IBAN != "":
			acc.Key = a.IBAN
		case a.BBAN != "":
			acc.Key = a.BBAN
		}
		acc.KeyFromInput = acc.Key != ""
		acc.Bank = a.Bank
		if a.OwnerName != "" {
			acc.Holders = append(acc.Holders, a.OwnerName)
		}
		for _, h := range a.Holders {
			acc.Holders = append(acc.Holders, h.Name)
		}
	}
	for bi, b := range st.Balances {
		closing := b.BalanceType == "closingBooked"
		if !closing && b.BalanceType != "openingBooked" {
			continue
		}
		v, err := ParseDecimal(rawNumber(b.BalanceAmount.Amount))
		if err != nil {
			return nil, &Error{Code: CodeInvalid, Source: fmt.Sprintf("%s/balances/%d/balanceAmount/amount", base, bi), Detail: "the balance amount is not a decimal number"}
		}
		acc.Balances = append(acc.Balances, Balance{Closing: closing, Amount: v, Currency: b.BalanceAmount.Currency})
	}
	return acc, nil
}

func gcTransaction(raw json.RawMessage, path string) (Transaction, error) {
	var g gcTx
	if err := json.Unmarshal(raw, &g); err != nil {
		return Transaction{}, &Error{Code: CodeInvalid, Source: path, Detail: "the transaction has members of the wrong type: " + jsonErr(err)}
	}
	return gcConvert(&g, path)
}

// gcFlat is one GoCardless transaction reduced to what §5.3 and §5.4
// read from it. Both decoders fill it, so one function (convert) holds
// the mapping rules.
type gcFlat struct {
	ids       [3]string // transactionId, internalTransactionId, entryReference
	dates     [4]string // bookingDate, valueDate, bookingDateTime, valueDateTime
	hasAmount bool      // transactionAmount is an object
	amount    string    // transactionAmount.amount as text (rawNumber)
	currency  string
	// creditorName, ultimateCreditor, debtorName, ultimateDebtor
	creditor, ultCreditor, debtor, ultDebtor string
	// IBAN and BBAN of creditorAccount and debtorAccount
	creditorIBAN, creditorBBAN, debtorIBAN, debtorBBAN string
	remitUnstr                                         string
	remitArray                                         []string
	remitStructured                                    string // remittanceInformationStructured as text (rawNumber)
	additionalInfo                                     string
	mcc                                                string
	bankTxCode                                         string
	propBankTxCode                                     string
}

// flat reduces a transaction decoded by encoding/json.
func (g *gcTx) flat() gcFlat {
	f := gcFlat{ids: [3]string{g.TransactionID, g.InternalTransactionID, g.EntryReference},
		dates:    [4]string{g.BookingDate, g.ValueDate, g.BookingDateTime, g.ValueDateTime},
		creditor: g.CreditorName, ultCreditor: g.UltimateCreditor, debtor: g.DebtorName, ultDebtor: g.UltimateDebtor,
		remitUnstr: g.RemitUnstr, remitArray: g.RemitUnstrArray, remitStructured: rawNumber(g.RemitStructured),
		additionalInfo: g.AdditionalInfo, mcc: g.MCC, bankTxCode: g.BankTxCode, propBankTxCode: g.PropBankTxCode}
	if a := g.TransactionAmount; a != nil {
		f.hasAmount, f.amount, f.currency = true, rawNumber(a.Amount), a.Currency
	}
	if a := g.CreditorAccount; a != nil {
		f.creditorIBAN, f.creditorBBAN = a.IBAN, a.BBAN
	}
	if a := g.DebtorAccount; a != nil {
		f.debtorIBAN, f.debtorBBAN = a.IBAN, a.BBAN
	}
	return f
}

// gcConvert validates and maps one decoded transaction (§5.3, §5.4).
func gcConvert(g *gcTx, path string) (Transaction, error) {
	f := g.flat()
	return f.convert(path)
}

// convert validates and maps one transaction (§5.3, §5.4).
func (g *gcFlat) convert(path string) (Transaction, error) {
	var t Transaction
	if !g.hasAmount {
		return t, &Error{Code: CodeInvalid, Source: path + "/transactionAmount", Detail: "transactionAmount is required"}
	}
	v, err := ParseDecimal(g.amount)
	if err != nil {
		return t, &Error{Code: CodeInvalid, Source: path + "/transactionAmount/amount", Detail: "the amount is missing or not a decimal number"}
	}
	if !isCurrency(g.currency) {
		return t, &Error{Code: CodeInvalid, Source: path + "/transactionAmount/currency", Detail: "the currency must be an ISO 4217 code like NOK"}
	}
	t.Amount, t.Currency = v, g.currency
	t.Date = firstDate(g.dates[0], g.dates[1], g.dates[2], g.dates[3])
	if t.Date == "" {
		return t, &Error{Code: CodeInvalid, Source: path + "/bookingDate", Detail: "the transaction has no usable date (bookingDate, valueDate, bookingDateTime or valueDateTime)"}
	}
	t.ValueDate = firstDate(g.dates[1], g.dates[3])
	for _, id := range g.ids {
		if id != "" {
			t.ID, t.HasInputID = id, true
			break
		}
	}
	info := g.remitUnstr
	if isBlank(info) {
		info = firstNonEmpty(strings.Join(g.remitArray, " "), strings.Trim(g.remitStructured, `"`), g.additionalInfo)
	}
	t.Info = CleanText(info)
	cred := firstNonEmpty(g.creditor, g.ultCreditor)
	debt := firstNonEmpty(g.debtor, g.ultDebtor)
	if t.Amount < 0 {
		t.Partner = CleanText(firstNonEmpty(cred, debt))
		t.CounterAccount = firstNonEmpty(g.creditorIBAN, g.creditorBBAN)
	} else {
		t.Partner = CleanText(firstNonEmpty(debt, cred))
		t.CounterAccount = firstNonEmpty(g.debtorIBAN, g.debtorBBAN)
	}
	t.MCC = g.mcc
	if g.bankTxCode != "" || g.propBankTxCode != "" {
		for _, c := range []string{g.bankTxCode, g.propBankTxCode} {
			if c != "" {
				t.BankCodes = append(t.BankCodes, c)
			}
		}
	}
	return t, nil
}

// isCurrency reports whether s matches ^[A-Z]{3}$.
func isCurrency(s string) bool {
	return len(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z'
}

// rawNumber turns a JSON string or number into its text.
func rawNumber(r json.RawMessage) string { return rawText(string(r)) }

// rawText turns the text of a JSON string or number into its value; any
// other JSON value gives "".
func rawText(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" {
		return ""
	}
	if s[0] == '"' {
		// A valid JSON string without escapes is its content.
		if len(s) >= 2 && s[len(s)-1] == '"' {
			if in := s[1 : len(s)-1]; strings.IndexByte(in, '\\') < 0 && strings.IndexByte(in, '"') < 0 && !hasControl(in) && utf8.ValidString(in) {
				return in
			}
		}
		var out string
		if json.Unmarshal([]byte(s), &out) == nil {
			return out
		}
		return ""
	}
	if strings.ContainsAny(s, "eE{[tf") {
		return ""
	}
	return s
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 {
			return true
		}
	}
	return false
}

func firstDate(cands ...string) string {
	for _, c := range cands {
		if len(c) >= 10 {
			if d := ParseDate(c[:10]); d != "" && c[4] == '-' {
				return d
			}
		}
	}
	return ""
}

// isBlank reports whether s is empty or only white space.
func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// CleanText collapses whitespace runs, trims, and truncates to 1000
// characters (spec §5.4).
func CleanText(s string) string {
	if isClean(s) {
		return s
	}
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 1000 {
		r := []rune(s)
		if len(r) > 1000 {
			s = string(r[:1000])
		}
	}
	return s
}

func jsonErr(err error) string {
	if te, ok := err.(*json.UnmarshalTypeError); ok && te.Field != "" {
		return te.Field + " has the wrong type"
	}
	return "wrong member type"
}

// isClean reports whether CleanText would return s unchanged: at most
// 1000 bytes, no white space but single spaces between words. Most
// statement texts are, and this saves an allocation per field.
func isClean(s string) bool {
	if len(s) > 1000 {
		return false
	}
	prevSpace := true // a leading space is not clean
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case ' ':
				if prevSpace {
					return false
				}
				prevSpace = true
			case '\t', '\n', '\v', '\f', '\r':
				return false
			default:
				prevSpace = false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return false
		}
		prevSpace = false
		i += n
	}
	return !prevSpace || s == ""
}
