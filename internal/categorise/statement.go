package categorise

import (
	"strings"

	"github.com/namsfogd/namsfogd/internal/statement"
)

// OwnAccounts returns the set of account keys of an upload, used to
// recognise transfers between the uploader's own accounts (spec:
// statement-analysis.md §6.4 rule 7).
func OwnAccounts(accounts []*statement.Account) map[string]bool {
	own := make(map[string]bool, len(accounts))
	for _, a := range accounts {
		if a.KeyFromInput {
			own[compactAccount(a.Key)] = true
		}
	}
	return own
}

func compactAccount(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '-' {
			return -1
		}
		return r
	}, strings.ToUpper(s))
}

// Transaction categorises one normalised statement transaction.
func (c *Categoriser) Transaction(t *statement.Transaction, own map[string]bool) Result {
	in := Input{Amount: t.Amount, Currency: t.Currency, Info: t.Info, Partner: t.Partner, MCC: t.MCC, BankCodes: t.BankCodes}
	if t.CounterAccount != "" && len(own) > 0 {
		k := compactAccount(t.CounterAccount)
		in.OwnCounterparty = own[k] || (strings.HasPrefix(k, "NO") && len(k) == 15 && own[k[4:]])
	}
	return c.Categorise(in)
}
