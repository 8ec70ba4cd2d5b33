package categorise

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/namsfogd/namsfogd/internal/statement"
)

// CategoriseCommand is `namsfogd categorise [--country no|uk] FILE`: it
// reads a statement in any accepted format and prints CSV
// `row,category_id,confidence`, one line per transaction in input order,
// rows counted from 1.
func CategoriseCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("categorise", flag.ContinueOnError)
	fs.SetOutput(stderr)
	country := fs.String("country", "no", "category tree: no or uk (gb)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: namsfogd categorise [--country no|uk] FILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	if _, ok := NormaliseCountry(*country); !ok {
		fmt.Fprintf(stderr, "categorise: unsupported country %q (want no or uk)\n", *country)
		return 2
	}
	name := fs.Arg(0)
	data, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintf(stderr, "categorise: %v\n", err)
		return 1
	}
	f, err := statement.Parse(0, data)
	if err != nil {
		fmt.Fprintf(stderr, "categorise: %s: %v\n", name, err)
		return 1
	}
	c, err := Default()
	if err != nil {
		fmt.Fprintf(stderr, "categorise: %v\n", err)
		return 1
	}
	own := OwnAccounts(f.Accounts)
	var txs []*statement.Transaction
	for _, a := range f.Accounts {
		for i := range a.Transactions {
			txs = append(txs, &a.Transactions[i])
		}
	}
	slices.SortStableFunc(txs, func(a, b *statement.Transaction) int { return a.Seq - b.Seq })
	w := csv.NewWriter(stdout)
	w.Write([]string{"row", "category_id", "confidence"})
	for i, t := range txs {
		if i%4096 == 0 && ctx.Err() != nil {
			return 1
		}
		r := c.Transaction(t, own)
		w.Write([]string{strconv.Itoa(i + 1), strconv.Itoa(r.ID), strconv.FormatFloat(r.Confidence, 'f', 2, 64)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		fmt.Fprintf(stderr, "categorise: %v\n", err)
		return 1
	}
	return 0
}

// Accuracy is the evaluation of a labelled set (spec §6.7).
type Accuracy struct {
	Rows   int
	Leaf   int
	Group  int
	Misses []Miss
}

// Miss is one row whose leaf was wrong.
type Miss struct {
	Row                int
	Expected, Got      int
	Description, Party string
	Amount             string
}

// LeafRate is the leaf accuracy.
func (a Accuracy) LeafRate() float64 { return float64(a.Leaf) / float64(max(a.Rows, 1)) }

// GroupRate is the group accuracy.
func (a Accuracy) GroupRate() float64 { return float64(a.Group) / float64(max(a.Rows, 1)) }

// Evaluate categorises a labelled CSV (columns date, amount, currency,
// description, counterparty, expected_category_id) and measures leaf and
// group accuracy.
func (c *Categoriser) Evaluate(r io.Reader) (Accuracy, error) {
	var acc Accuracy
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return acc, fmt.Errorf("read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"amount", "description", "expected_category_id"} {
		if _, ok := col[need]; !ok {
			return acc, fmt.Errorf("the labelled CSV has no %s column", need)
		}
	}
	get := func(rec []string, k string) string {
		if i, ok := col[k]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	for row := 1; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return acc, err
		}
		amt, err := statement.ParseCSVAmount(get(rec, "amount"))
		if err != nil {
			return acc, fmt.Errorf("row %d: bad amount", row)
		}
		want, err := strconv.Atoi(strings.TrimSpace(get(rec, "expected_category_id")))
		if err != nil {
			return acc, fmt.Errorf("row %d: bad expected_category_id", row)
		}
		cur := get(rec, "currency")
		if cur == "" {
			cur = "NOK"
		}
		desc, party := statement.CleanText(get(rec, "description")), statement.CleanText(get(rec, "counterparty"))
		got := c.Categorise(Input{Amount: amt, Currency: cur, Info: desc, Partner: party}).ID
		acc.Rows++
		if got == want {
			acc.Leaf++
		} else {
			acc.Misses = append(acc.Misses, Miss{Row: row, Expected: want, Got: got, Description: desc, Party: party, Amount: get(rec, "amount")})
		}
		if Group(got) == Group(want) {
			acc.Group++
		}
	}
	return acc, nil
}

// EvaluateCommand is `namsfogd categorise-eval [-v] FILE`: it prints the
// leaf and group accuracy on a labelled CSV, and with -v every miss.
func EvaluateCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("categorise-eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "list every wrongly categorised row")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: namsfogd categorise-eval [-v] LABELLED.csv")
		return 2
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "categorise-eval: %v\n", err)
		return 1
	}
	defer f.Close()
	c, err := Default()
	if err != nil {
		fmt.Fprintf(stderr, "categorise-eval: %v\n", err)
		return 1
	}
	acc, err := c.Evaluate(f)
	if err != nil {
		fmt.Fprintf(stderr, "categorise-eval: %s: %v\n", fs.Arg(0), err)
		return 1
	}
	fmt.Fprintf(stdout, "rows %d\nleaf accuracy %.4f\ngroup accuracy %.4f\n", acc.Rows, acc.LeafRate(), acc.GroupRate())
	if *verbose {
		for _, m := range acc.Misses {
			fmt.Fprintf(stdout, "row %d: expected %d got %d: %s | %s | %s\n", m.Row, m.Expected, m.Got, m.Amount, m.Description, m.Party)
		}
	}
	return 0
}
