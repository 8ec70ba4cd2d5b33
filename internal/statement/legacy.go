package statement

import (
	"encoding/json"
	"fmt"
)

type legacyDoc struct {
	AccountList []struct {
		AccountNr    string          `json:"account_nr"`
		HolderName   string          `json:"holder_name"`
		BankName     string          `json:"bank_name"`
		Currency     string          `json:"currency"`
		StartBalance json.RawMessage `json:"start_balance"`
		EndBalance   json.RawMessage `json:"end_balance"`
		Transactions []struct {
			Date          string          `json:"date"`
			Sum           json.RawMessage `json:"sum"`
			Info          string          `json:"info"`
			Partner       string          `json:"partner"`
			TransactionID string          `json:"transaction_id"`
		} `json:"transaction_list"`
	} `json:"account_list"`
}

// parseLegacy reads the original analysis product's JSON (spec:
// statement-analysis.md §5.5). All its transactions are booked.
func parseLegacy(index int, data []byte) (*File, error) {
	base := fmt.Sprintf("input[%d]", index)
	var doc legacyDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, &Error{Code: CodeInvalid, Source: base + "/account_list", Detail: "account_list must be an array of accounts: " + jsonErr(err)}
	}
	f := &File{Index: index, Format: FormatLegacy}
	for ai, a := range doc.AccountList {
		path := fmt.Sprintf("%s/account_list/%d", base, ai)
		cur := a.Currency
		if cur == "" {
			cur = "NOK"
		}
		if !isCurrency(cur) {
			return nil, &Error{Code: CodeInvalid, Source: path + "/currency", Detail: "the currency must be an ISO 4217 code"}
		}
		acc := &Account{Key: a.AccountNr, KeyFromInput: a.AccountNr != "", Bank: a.BankName}
		if a.HolderName != "" {
			acc.Holders = []string{a.HolderName}
		}
		for _, b := range []struct {
			raw     json.RawMessage
			closing bool
		}{{a.StartBalance, false}, {a.EndBalance, true}} {
			if s := rawNumber(b.raw); s != "" {
				v, err := ParseDecimal(s)
				if err != nil {
					return nil, &Error{Code: CodeInvalid, Source: path, Detail: "start_balance/end_balance must be numbers"}
				}
				acc.Balances = append(acc.Balances, Balance{Closing: b.closing, Amount: v, Currency: cur})
			}
		}
		for ti, lt := range a.Transactions {
			tp := fmt.Sprintf("%s/transaction_list/%d", path, ti)
			v, err := ParseDecimal(rawNumber(lt.Sum))
			if err != nil {
				return nil, &Error{Code: CodeInvalid, Source: tp + "/sum", Detail: "sum is missing or not a number"}
			}
			d := ParseDate(lt.Date)
			if d == "" {
				return nil, &Error{Code: CodeInvalid, Source: tp + "/date", Detail: "date must be YYYY-MM-DD"}
			}
			acc.Transactions = append(acc.Transactions, Transaction{
				ID: lt.TransactionID, HasInputID: lt.TransactionID != "", Status: Booked,
				Date: d, Amount: v, Currency: cur, Info: CleanText(lt.Info), Partner: CleanText(lt.Partner),
			})
		}
		f.Accounts = append(f.Accounts, acc)
	}
	return f, nil
}
