package statement

import "fmt"

// Format ids as reported in meta.files[].format (spec: statement-analysis.md §5.1).
const (
	FormatGoCardless = "gocardless-json"
	FormatLegacy     = "nordigen-legacy-json"
	FormatCamt053    = "camt053"
	FormatCSVGeneric = "csv-generic"
	FormatDNB        = "csv-dnb"
	FormatNordea     = "csv-nordea"
	FormatSpareBank1 = "csv-sparebank1"
	FormatSbanken    = "csv-sbanken"
	FormatBulder     = "csv-bulder"
)

// Booking statuses.
const (
	Booked  = "booked"
	Pending = "pending"
)

// Error codes of per-file failures (spec §9.2).
const (
	CodeInvalidEncoding = "INVALID_ENCODING"
	CodePDF             = "PDF_PARSE_FAILURE"
	CodeNoParser        = "NO_SUITABLE_PARSERS"
	CodeInvalid         = "INVALID_STATEMENT"
)

// Error is a per-file failure. Source is a location like
// "input[0]/transactions/booked/3/transactionAmount".
type Error struct {
	Code   string
	Source string
	Detail string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s: %s", e.Code, e.Source, e.Detail) }

// Transaction is the normalised internal transaction (spec §5.4).
// Amount is in minor units (hundredths), negative = money out.
type Transaction struct {
	// Seq is the 1-based position in the file (input order across
	// accounts).
	Seq        int
	ID         string
	HasInputID bool
	Status     string // Booked or Pending
	Date       string // YYYY-MM-DD
	ValueDate  string // "" when unknown
	Amount     int64
	Currency   string
	Info       string
	Partner    string
	// Signals used only by the categoriser.
	MCC            string
	BankCodes      []string
	CounterAccount string
}

// Balance is an opening or closing booked balance of one currency.
type Balance struct {
	Closing  bool
	Amount   int64
	Currency string
}

// Account is one account of a statement file with its transactions in
// input order.
type Account struct {
	Key          string
	KeyFromInput bool
	Bank         string
	Holders      []string
	Balances     []Balance
	Transactions []Transaction
}

// File is one parsed input part.
type File struct {
	Index      int
	Format     string
	Accounts   []*Account
	Booked     int
	Pending    int
	Skipped    int
	Duplicates int
}

// Count returns booked+pending transactions of the file.
func (f *File) Count() int { return f.Booked + f.Pending }

func (f *File) finish() {
	f.Booked, f.Pending = 0, 0
	seq := 0
	for ai, a := range f.Accounts {
		if a.Key == "" {
			a.Key = fmt.Sprintf("file%d-account%d", f.Index, ai)
		}
		nb, np := 0, 0
		for i := range a.Transactions {
			t := &a.Transactions[i]
			if t.Seq == 0 {
				seq++
				t.Seq = seq
			}
			if t.Status == Pending {
				if t.ID == "" {
					t.ID = fmt.Sprintf("f%d-a%d-p%d", f.Index, ai, np)
				}
				np++
				f.Pending++
			} else {
				if t.ID == "" {
					t.ID = fmt.Sprintf("f%d-a%d-b%d", f.Index, ai, nb)
				}
				nb++
				f.Booked++
			}
		}
	}
}
