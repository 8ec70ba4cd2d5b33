package statement

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

var currencyRE = regexp.MustCompile(`^[A-Z]{3}$`)

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

// gcFast is the canonical statement decoded in one pass, transactions
// included. Only the fast path uses it: any decoding error falls back to
// the member-by-member path, which names the exact location (§5.3).
type gcFast struct {
	Transactions *struct {
		Booked  *[]gcTx `json:"booked"`
		Pending *[]gcTx `json:"pending"`
	} `json:"transactions"`
	Account  *gcAccountJSON  `json:"account"`
	Balances []gcBalanceJSON `json:"balances"`
}

// parseGoCardlessFast decodes a well-formed canonical file (one object or
// an array of objects) in a single pass. ok is false when the file is
// anything else or has any problem; the caller then takes the slow path.
func parseGoCardlessFast(index int, data []byte) (*File, bool) {
	trim := bytes.TrimSpace(data)
	var fast []gcFast
	if trim[0] == '[' {
		if json.Unmarshal(trim, &fast) != nil || len(fast) == 0 {
			return nil, false
		}
	} else {
		var one gcFast
		if json.Unmarshal(trim, &one) != nil {
			return nil, false
		}
		fast = []gcFast{one}
	}
	f := &File{Index: index, Format: FormatGoCardless}
	for si := range fast {
		if fast[si].Transactions == nil || fast[si].Transactions.Booked == nil {
			return nil, false
		}
		acc, err := gcAccount(gcStatement{Account: fast[si].Account, Balances: fast[si].Balances}, "")
		if err != nil {
			return nil, false
		}
		for _, part := range []struct {
			txs    *[]gcTx
			status string
		}{{fast[si].Transactions.Booked, Booked}, {fast[si].Transactions.Pending, Pending}} {
			if part.txs == nil {
				continue
			}
			for i := range *part.txs {
				t, err := gcConvert(&(*part.txs)[i], "")
				if err != nil {
					return nil, false
				}
				t.Status = part.status
				acc.Transactions = append(acc.Transactions, t)
			}
		}
		f.Accounts = append(f.Accounts, acc)
	}
	return f, true
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

// gcConvert validates and maps one decoded transaction (§5.3, §5.4).
func gcConvert(g *gcTx, path string) (Transaction, error) {
	var t Transaction
	if g.TransactionAmount == nil {
		return t, &Error{Code: CodeInvalid, Source: path + "/transactionAmount", Detail: "transactionAmount is required"}
	}
	v, err := ParseDecimal(rawNumber(g.TransactionAmount.Amount))
	if err != nil {
		return t, &Error{Code: CodeInvalid, Source: path + "/transactionAmount/amount", Detail: "the amount is missing or not a decimal number"}
	}
	if !currencyRE.MatchString(g.TransactionAmount.Currency) {
		return t, &Error{Code: CodeInvalid, Source: path + "/transactionAmount/currency", Detail: "the currency must be an ISO 4217 code like NOK"}
	}
	t.Amount, t.Currency = v, g.TransactionAmount.Currency
	t.Date = firstDate(g.BookingDate, g.ValueDate, g.BookingDateTime, g.ValueDateTime)
	if t.Date == "" {
		return t, &Error{Code: CodeInvalid, Source: path + "/bookingDate", Detail: "the transaction has no usable date (bookingDate, valueDate, bookingDateTime or valueDateTime)"}
	}
	t.ValueDate = firstDate(g.ValueDate, g.ValueDateTime)
	for _, id := range []string{g.TransactionID, g.InternalTransactionID, g.EntryReference} {
		if id != "" {
			t.ID, t.HasInputID = id, true
			break
		}
	}
	structured := strings.Trim(rawNumber(g.RemitStructured), `"`)
	t.Info = CleanText(firstNonEmpty(g.RemitUnstr, strings.Join(g.RemitUnstrArray, " "), structured, g.AdditionalInfo))
	cred := firstNonEmpty(g.CreditorName, g.UltimateCreditor)
	debt := firstNonEmpty(g.DebtorName, g.UltimateDebtor)
	if t.Amount < 0 {
		t.Partner = CleanText(firstNonEmpty(cred, debt))
		if g.CreditorAccount != nil {
			t.CounterAccount = firstNonEmpty(g.CreditorAccount.IBAN, g.CreditorAccount.BBAN)
		}
	} else {
		t.Partner = CleanText(firstNonEmpty(debt, cred))
		if g.DebtorAccount != nil {
			t.CounterAccount = firstNonEmpty(g.DebtorAccount.IBAN, g.DebtorAccount.BBAN)
		}
	}
	t.MCC = g.MCC
	for _, c := range []string{g.BankTxCode, g.PropBankTxCode} {
		if c != "" {
			t.BankCodes = append(t.BankCodes, c)
		}
	}
	return t, nil
}

// rawNumber turns a JSON string or number into its text.
func rawNumber(r json.RawMessage) string {
	s := strings.TrimSpace(string(r))
	if s == "" || s == "null" {
		return ""
	}
	if s[0] == '"' {
		var out string
		if json.Unmarshal(r, &out) == nil {
			return out
		}
		return ""
	}
	if strings.ContainsAny(s, "eE{[tf") {
		return ""
	}
	return s
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
