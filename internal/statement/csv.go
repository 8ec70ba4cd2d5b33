package statement

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// bankLayout is a Norwegian bank export (spec: statement-analysis.md §5.7.2),
// recognised by its leading header columns.
type bankLayout struct {
	format  string
	leading []string
}

var bankLayouts = []bankLayout{
	{FormatDNB, []string{"dato", "forklaring", "rentedato", "ut fra konto", "inn på konto"}},
	{FormatSbanken, []string{"bokføringsdato", "rentedato", "arkivreferanse", "motkonto", "type", "tekst", "ut fra konto", "inn på konto"}},
	{FormatNordea, []string{"bokføringsdato", "beløp", "avsender", "mottaker", "navn", "tittel", "valuta"}},
	{FormatSpareBank1, []string{"dato", "beskrivelse", "rentedato", "inn", "ut", "til konto", "fra konto"}},
	{FormatBulder, []string{"dato", "inn på konto", "ut fra konto", "til konto", "til kontonummer", "fra konto", "fra kontonummer", "type", "tekst"}},
}

// Generic CSV header aliases (spec §5.7.1).
var genericCols = map[string]string{
	"date": "date", "dato": "date", "booking_date": "date", "bokføringsdato": "date",
	"amount": "amount", "beløp": "amount", "belop": "amount",
	"description": "description", "beskrivelse": "description", "tekst": "description", "forklaring": "description", "info": "description",
	"counterparty": "counterparty", "motpart": "counterparty", "partner": "counterparty", "navn": "counterparty",
	"currency": "currency", "valuta": "currency",
	"transaction_id": "transaction_id", "id": "transaction_id",
	"value_date": "value_date", "rentedato": "value_date", "valuteringsdato": "value_date",
	"booking_status": "booking_status",
	"account":        "account", "konto": "account",
}

func firstLine(s string) string {
	for line := range strings.SplitSeq(s, "\n") {
		if strings.TrimSpace(line) != "" {
			return strings.TrimRight(line, "\r")
		}
	}
	return ""
}

func detectDelimiter(header string) rune {
	best, n := ',', -1
	for _, d := range []rune{';', ',', '\t'} {
		if c := strings.Count(header, string(d)); c > n {
			best, n = d, c
		}
	}
	return best
}

func normHeader(h string) string {
	return strings.ToLower(strings.TrimSpace(strings.Trim(strings.TrimPrefix(strings.TrimSpace(h), "\ufeff"), `"`)))
}

func headerCells(line string) []string {
	r := csv.NewReader(strings.NewReader(line))
	r.Comma = detectDelimiter(line)
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	cells, err := r.Read()
	if err != nil {
		return nil
	}
	for i := range cells {
		cells[i] = normHeader(cells[i])
	}
	return cells
}

func matchLayout(cells []string) string {
	for _, l := range bankLayouts {
		if len(cells) < len(l.leading) {
			continue
		}
		ok := true
		for i, want := range l.leading {
			if cells[i] != want {
				ok = false
				break
			}
		}
		if ok {
			return l.format
		}
	}
	seen := map[string]bool{}
	for _, c := range cells {
		if k, ok := genericCols[c]; ok {
			seen[k] = true
		}
	}
	if seen["date"] && seen["amount"] && (seen["description"] || seen["counterparty"]) {
		return FormatCSVGeneric
	}
	return ""
}

// csvKnownHeader reports whether the first line is a header of a known
// CSV layout (used for the Windows-1252 fallback of §5.2 rule 3).
func csvKnownHeader(line string) bool { return matchLayout(headerCells(line)) != "" }

func parseCSV(index int, text string) (*File, error) {
	src := fmt.Sprintf("input[%d]", index)
	header := firstLine(text)
	cells := headerCells(header)
	format := matchLayout(cells)
	if format == "" {
		return nil, &Error{Code: CodeNoParser, Source: src, Detail: "the content is neither JSON, camt.053 XML nor a CSV with a known header"}
	}
	col := map[string]int{}
	for i, c := range cells {
		if format == FormatCSVGeneric {
			if k, ok := genericCols[c]; ok {
				if _, dup := col[k]; !dup {
					col[k] = i
				}
			}
		} else if _, dup := col[c]; !dup {
			col[c] = i
		}
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = detectDelimiter(header)
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	f := &File{Index: index, Format: format}
	accounts := map[string]*Account{}
	var defaultAcc *Account
	headerSeen := false
	rows := 0
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, &Error{Code: CodeInvalid, Source: fmt.Sprintf("%s/row/%d", src, line), Detail: "the CSV row cannot be read: quoting is broken"}
		}
		if isEmptyRecord(rec) {
			continue
		}
		if !headerSeen {
			headerSeen = true
			continue
		}
		rowSrc := fmt.Sprintf("%s/row/%d", src, line)
		if len(rec) != len(cells) {
			return nil, &Error{Code: CodeInvalid, Source: rowSrc, Detail: fmt.Sprintf("the row has %d columns, the header %d", len(rec), len(cells))}
		}
		get := func(name string) string {
			if i, ok := col[name]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		t, accKey, skip, perr := csvRow(format, get, rowSrc)
		if perr != nil {
			return nil, perr
		}
		if skip {
			f.Skipped++
			continue
		}
		acc := defaultAcc
		if accKey != "" {
			acc = accounts[accKey]
			if acc == nil {
				acc = &Account{Key: accKey, KeyFromInput: true}
				accounts[accKey] = acc
				f.Accounts = append(f.Accounts, acc)
			}
		} else if acc == nil {
			defaultAcc = &Account{}
			acc = defaultAcc
			f.Accounts = append(f.Accounts, acc)
		}
		rows++
		t.Seq = rows
		acc.Transactions = append(acc.Transactions, t)
	}
	return f, nil
}

func isEmptyRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func twoColumn(in, out, rowSrc string) (int64, error) {
	if in == "" && out == "" {
		return 0, &Error{Code: CodeInvalid, Source: rowSrc, Detail: "both the in and the out amount are empty"}
	}
	var v int64
	if in != "" {
		a, err := ParseCSVAmount(in)
		if err != nil {
			return 0, &Error{Code: CodeInvalid, Source: rowSrc, Detail: "the in amount is not a number"}
		}
		v += a
	}
	if out != "" {
		a, err := ParseCSVAmount(out)
		if err != nil {
			return 0, &Error{Code: CodeInvalid, Source: rowSrc, Detail: "the out amount is not a number"}
		}
		if a < 0 {
			a = -a
		}
		v -= a
	}
	return v, nil
}

// csvRow maps one data row of the given layout to a transaction.
func csvRow(format string, get func(string) string, rowSrc string) (t Transaction, account string, skip bool, err error) {
	t.Status, t.Currency = Booked, "NOK"
	var dateCell string
	switch format {
	case FormatDNB:
		dateCell = get("dato")
		if dateCell == "" {
			dateCell = get("rentedato")
		}
		t.ValueDate = ParseDate(get("rentedato"))
		t.Amount, err = twoColumn(get("inn på konto"), get("ut fra konto"), rowSrc)
		t.Info = get("forklaring")
	case FormatSbanken:
		dateCell = get("bokføringsdato")
		t.ValueDate = ParseDate(get("rentedato"))
		t.Amount, err = twoColumn(get("inn på konto"), get("ut fra konto"), rowSrc)
		t.Info = strings.TrimSpace(get("type") + " " + get("tekst"))
		if id := get("arkivreferanse"); id != "" {
			t.ID, t.HasInputID = id, true
		}
		t.CounterAccount = get("motkonto")
	case FormatNordea:
		dateCell = get("bokføringsdato")
		if strings.EqualFold(dateCell, "reservert") {
			return t, "", true, nil
		}
		t.Amount, err = ParseCSVAmount(get("beløp"))
		if err != nil {
			err = &Error{Code: CodeInvalid, Source: rowSrc, Detail: "Beløp is not a number"}
		}
		t.Info, t.Partner = get("tittel"), get("navn")
		if c := get("valuta"); c != "" {
			t.Currency = strings.ToUpper(c)
		}
	case FormatSpareBank1:
		dateCell = get("dato")
		t.ValueDate = ParseDate(get("rentedato"))
		t.Amount, err = twoColumn(get("inn"), get("ut"), rowSrc)
		t.Info = get("beskrivelse")
		if t.Amount < 0 {
			t.CounterAccount = get("til konto")
		} else {
			t.CounterAccount = get("fra konto")
		}
	case FormatBulder:
		dateCell = get("dato")
		t.Amount, err = twoColumn(get("inn på konto"), get("ut fra konto"), rowSrc)
		t.Info = firstNonEmpty(get("tekst"), get("type"))
		if t.Amount < 0 {
			t.Partner, t.CounterAccount = get("til konto"), get("til kontonummer")
		} else {
			t.Partner, t.CounterAccount = get("fra konto"), get("fra kontonummer")
		}
	default:
		dateCell = get("date")
		t.ValueDate = ParseDate(get("value_date"))
		t.Amount, err = ParseCSVAmount(get("amount"))
		if err != nil {
			err = &Error{Code: CodeInvalid, Source: rowSrc, Detail: "the amount is not a number"}
		}
		t.Info, t.Partner = get("description"), get("counterparty")
		if c := get("currency"); c != "" {
			t.Currency = strings.ToUpper(c)
		}
		if id := get("transaction_id"); id != "" {
			t.ID, t.HasInputID = id, true
		}
		switch strings.ToLower(get("booking_status")) {
		case "", Booked:
		case Pending:
			t.Status = Pending
		default:
			err = &Error{Code: CodeInvalid, Source: rowSrc, Detail: "booking_status must be booked or pending"}
		}
		account = get("account")
	}
	if err != nil {
		return t, "", false, err
	}
	if !isCurrency(t.Currency) {
		return t, "", false, &Error{Code: CodeInvalid, Source: rowSrc, Detail: "the currency must be an ISO 4217 code"}
	}
	t.Date = ParseDate(dateCell)
	if t.Date == "" {
		return t, "", false, &Error{Code: CodeInvalid, Source: rowSrc, Detail: fmt.Sprintf("the date %q is not YYYY-MM-DD, DD.MM.YYYY, DD.MM.YY or YYYY/MM/DD", truncate(dateCell, 40))}
	}
	t.Info, t.Partner = CleanText(t.Info), CleanText(t.Partner)
	return t, account, false, nil
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
