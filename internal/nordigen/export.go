package nordigen

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/statement"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// WorldReader is what the world export and the audit log need of the store (*sqlstore.DB
// implements it).
type WorldReader interface {
	GetPerson(ctx context.Context, nin string) (world.Person, error)
	GetOrganisation(ctx context.Context, orgnr string) (world.Organisation, error)
	GetAccount(ctx context.Context, number string) (world.Account, error)
	AccountsByOwner(ctx context.Context, ownerID string) ([]world.Account, error)
	EmploymentsByPerson(ctx context.Context, nin string) ([]world.Employment, error)
	DebtsByPerson(ctx context.Context, nin string) ([]world.Debt, error)
	AppendAudit(ctx context.Context, r store.AuditRecord) (int64, error)
}

// Export formats the operator route can write (spec §5.1 ids).
var exportFormats = map[string]string{
	"gocardless-json":      "application/json",
	"nordigen-legacy-json": "application/json",
	"camt053":              "application/xml",
	"csv-generic":          "text/csv; charset=utf-8",
}

// adminError is the operator API's error body.
type adminError struct {
	Status  int    `json:"-"`
	Code    string `json:"error"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (e *adminError) Error() string { return e.Message }

// RegisterAdmin mounts the operator routes under prefix (e.g.
// "/admin/nordigen"); the mux is already protected by the operator token.
//
//	POST {prefix}/export  {"nin": "...", "months": 12, "format": "gocardless-json", "to": "2026-03-01"}
//
// answers a statement file of the person's everyday and savings accounts
// (format: gocardless-json (default), nordigen-legacy-json, camt053 or
// csv-generic; months 1–24, default 12; to: last day, default today) that
// POST /v2/report accepts as is.
func (s *Service) RegisterAdmin(mux *http.ServeMux, prefix string) {
	prefix = strings.TrimRight(prefix, "/")
	mux.HandleFunc("POST "+prefix+"/export", func(w http.ResponseWriter, r *http.Request) {
		if err := s.export(w, r); err != nil {
			var ae *adminError
			var de *httpx.DecodeError
			switch {
			case errors.As(err, &ae):
			case errors.As(err, &de):
				ae = &adminError{Status: de.Status, Code: "invalid_request", Field: de.Field, Message: de.Message}
			default:
				s.log.ErrorContext(r.Context(), "nordigen: export failed", "err", err)
				ae = &adminError{Status: 500, Code: "internal_error", Message: "internal error"}
			}
			httpx.WriteJSON(w, ae.Status, ae)
		}
	})
}

type exportRequest struct {
	NIN    string `json:"nin"`
	Months int    `json:"months"`
	Format string `json:"format"`
	To     string `json:"to"`
}

func (s *Service) export(w http.ResponseWriter, r *http.Request) error {
	wr := s.st
	var req exportRequest
	if err := httpx.DecodeJSON(w, r, 4<<10, &req); err != nil {
		return err
	}
	if req.Months == 0 {
		req.Months = 12
	}
	if req.Format == "" {
		req.Format = "gocardless-json"
	}
	bad := func(field, msg string) error {
		return &adminError{Status: 400, Code: "invalid_field", Field: field, Message: msg}
	}
	if req.Months < 1 || req.Months > 24 {
		return bad("months", "months must be 1–24")
	}
	ctype, ok := exportFormats[req.Format]
	if !ok {
		return bad("format", "format must be gocardless-json, nordigen-legacy-json, camt053 or csv-generic")
	}
	to := s.clock.Now().In(world.Oslo)
	to = time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.UTC)
	if req.To != "" {
		t, err := time.Parse("2006-01-02", req.To)
		if err != nil {
			return bad("to", "to must be a date YYYY-MM-DD")
		}
		to = t
	}
	from := time.Date(to.Year(), to.Month()-time.Month(req.Months-1), 1, 0, 0, 0, 0, time.UTC)
	ctx := r.Context()
	accts, err := s.worldStatement(ctx, wr, req.NIN, from, to)
	if err != nil {
		return err
	}
	var body []byte
	switch req.Format {
	case "gocardless-json":
		body, err = writeGoCardless(accts)
	case "nordigen-legacy-json":
		body, err = writeLegacy(accts)
	case "camt053":
		body, err = writeCamt(accts, s.clock.Now())
	default:
		body, err = writeCSV(accts)
	}
	if err != nil {
		return err
	}
	n := 0
	for _, a := range accts {
		n += len(a.Txs)
	}
	// A statement export discloses the person's account data (DESIGN:
	// every disclosure is audited); no audit record, no answer.
	if _, err := wr.AppendAudit(ctx, store.AuditRecord{Time: s.clock.Now(), Service: "nordigen", Action: "statement.export", Actor: "operator",
		SubjectID: req.NIN, Correlation: httpx.CorrelationID(ctx), Outcome: "ok",
		Details: map[string]any{"format": req.Format, "months": req.Months, "accounts": len(accts), "transactions": n}}); err != nil {
		return err
	}
	ext := map[string]string{"camt053": "xml", "csv-generic": "csv"}[req.Format]
	if ext == "" {
		ext = "json"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="statement-%s-%s.%s"`, req.NIN, to.Format("20060102"), ext))
	w.Write(body)
	return nil
}

// worldStatement loads a person's world data and generates the accounts
// to export: the first NOK everyday account and the first NOK savings
// account.
func (s *Service) worldStatement(ctx context.Context, wr Store, nin string, from, to time.Time) ([]*genAccount, error) {
	p, err := wr.GetPerson(ctx, nin)
	if errors.Is(err, store.ErrNotFound) {
		return nil, &adminError{Status: 404, Code: "not_found", Field: "nin", Message: "no person with this nin"}
	}
	if err != nil {
		return nil, err
	}
	all, err := wr.AccountsByOwner(ctx, nin)
	if err != nil {
		return nil, err
	}
	bankName := func(orgnr string) string {
		if o, err := wr.GetOrganisation(ctx, orgnr); err == nil {
			return o.Name
		}
		return ""
	}
	var everyday, savings *genAccount
	var loan *world.Account
	for _, a := range all {
		if a.Currency != "NOK" || a.Status == world.AccountDeleted {
			continue
		}
		switch a.Type {
		case world.AccountSalary, world.AccountOther, world.AccountWithoutBalance:
			if everyday == nil || (everyday.Account.Type != world.AccountSalary && a.Type == world.AccountSalary) {
				everyday = &genAccount{Account: a}
			}
		case world.AccountSavings:
			if savings == nil {
				savings = &genAccount{Account: a}
			}
		case world.AccountLoan:
			if loan == nil {
				l := a
				loan = &l
			}
		}
	}
	if everyday == nil {
		return nil, &adminError{Status: 409, Code: "no_everyday_account", Field: "nin", Message: "the person has no NOK everyday account to export"}
	}
	var emps []genEmployment
	es, err := wr.EmploymentsByPerson(ctx, nin)
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		emps = append(emps, genEmployment{Employer: bankName(e.EmployerOrgNr), Start: string(e.StartDate), End: string(e.EndDate),
			AnnualSalary: e.AnnualSalary * 100, PositionPct: e.PositionPercent, EmployerOrgNr: e.EmployerOrgNr})
	}
	var debts []genDebt
	ds, err := wr.DebtsByPerson(ctx, nin)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		bal := d.Balance
		if bal == 0 {
			bal = d.InterestBearingBalance + d.NonInterestBearingBalance
		}
		if bal > 0 {
			debts = append(debts, genDebt{Creditor: bankName(d.CreditorOrgNr), Type: d.Type, Balance: bal})
		}
	}
	out := []*genAccount{everyday}
	if savings != nil {
		out = append(out, savings)
	}
	for _, a := range out {
		a.Bank, a.Holder = bankName(a.Account.BankOrgNr), p.Name()
	}
	generate(p, everyday, savings, loan, emps, debts, from, to)
	return out, nil
}

// iban turns an 11-digit kontonummer into a Norwegian IBAN (ISO 13616
// mod-97 check digits).
func iban(kontonummer string) string {
	if len(kontonummer) != 11 {
		return ""
	}
	n, ok := new(big.Int).SetString(kontonummer+"232400", 10) // N=23, O=24, "00"
	if !ok {
		return ""
	}
	check := 98 - new(big.Int).Mod(n, big.NewInt(97)).Int64()
	return fmt.Sprintf("NO%02d%s", check, kontonummer)
}

func writeGoCardless(accts []*genAccount) ([]byte, error) {
	var stmts []map[string]any
	for _, a := range accts {
		var booked []map[string]any
		for _, t := range a.Txs {
			tx := map[string]any{"transactionId": t.ID, "bookingDate": t.Date, "valueDate": t.Date,
				"transactionAmount":                 map[string]string{"amount": statement.FormatMinor(t.Amount), "currency": "NOK"},
				"remittanceInformationUnstructured": t.Info}
			side := "creditor"
			if t.Amount > 0 {
				side = "debtor"
			}
			if t.Partner != "" {
				tx[side+"Name"] = t.Partner
			}
			if t.CounterAccount != "" {
				tx[side+"Account"] = map[string]string{"bban": t.CounterAccount}
			}
			booked = append(booked, tx)
		}
		if booked == nil {
			booked = []map[string]any{}
		}
		stmts = append(stmts, map[string]any{
			"account": map[string]any{"iban": iban(a.Account.AccountNumber), "bban": a.Account.AccountNumber, "currency": "NOK",
				"ownerName": a.Holder, "name": a.Account.Name, "product": a.Account.Name, "bank": a.Bank},
			"balances": []map[string]any{
				{"balanceAmount": map[string]string{"amount": statement.FormatMinor(a.Opening), "currency": "NOK"}, "balanceType": "openingBooked", "referenceDate": a.From},
				{"balanceAmount": map[string]string{"amount": statement.FormatMinor(a.Closing), "currency": "NOK"}, "balanceType": "closingBooked", "referenceDate": a.To},
			},
			"transactions": map[string]any{"booked": booked, "pending": []any{}},
		})
	}
	return json.MarshalIndent(stmts, "", " ")
}

func writeLegacy(accts []*genAccount) ([]byte, error) {
	var list []map[string]any
	for _, a := range accts {
		txs := []map[string]any{}
		for _, t := range a.Txs {
			txs = append(txs, map[string]any{"date": t.Date, "sum": json.Number(statement.FormatMinor(t.Amount)), "info": t.Info, "partner": t.Partner, "transaction_id": t.ID})
		}
		list = append(list, map[string]any{"account_nr": a.Account.AccountNumber, "holder_name": a.Holder, "bank_name": a.Bank, "currency": "NOK",
			"start_balance": json.Number(statement.FormatMinor(a.Opening)), "end_balance": json.Number(statement.FormatMinor(a.Closing)),
			"period_start": a.From, "period_end": a.To, "transaction_list": txs})
	}
	return json.MarshalIndent(map[string]any{"account_list": list}, "", " ")
}

func writeCSV(accts []*genAccount) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"date", "amount", "currency", "description", "counterparty", "transaction_id", "account"})
	for _, a := range accts {
		for _, t := range a.Txs {
			w.Write([]string{t.Date, statement.FormatMinor(t.Amount), "NOK", t.Info, t.Partner, t.ID, a.Account.AccountNumber})
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func writeCamt(accts []*genAccount, now time.Time) ([]byte, error) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>`)
	fmt.Fprintf(&b, "<GrpHdr><MsgId>NAMSFOGD-%d</MsgId><CreDtTm>%s</CreDtTm></GrpHdr>\n", now.Unix(), now.UTC().Format("2006-01-02T15:04:05Z"))
	amt := func(v int64) (string, string) {
		if v < 0 {
			return statement.FormatMinor(-v), "DBIT"
		}
		return statement.FormatMinor(v), "CRDT"
	}
	for i, a := range accts {
		fmt.Fprintf(&b, "<Stmt><Id>S%d</Id><Acct><Id><IBAN>%s</IBAN></Id><Ccy>NOK</Ccy><Ownr><Nm>%s</Nm></Ownr><Svcr><FinInstnId><Nm>%s</Nm></FinInstnId></Svcr></Acct>\n",
			i+1, iban(a.Account.AccountNumber), xmlText(a.Holder), xmlText(a.Bank))
		for _, bal := range []struct {
			code string
			v    int64
			d    string
		}{{"OPBD", a.Opening, a.From}, {"CLBD", a.Closing, a.To}} {
			v, ind := amt(bal.v)
			fmt.Fprintf(&b, "<Bal><Tp><CdOrPrtry><Cd>%s</Cd></CdOrPrtry></Tp><Amt Ccy=\"NOK\">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Dt><Dt>%s</Dt></Dt></Bal>\n", bal.code, v, ind, bal.d)
		}
		for _, t := range a.Txs {
			v, ind := amt(t.Amount)
			party := ""
			if t.Partner != "" {
				role := "Cdtr"
				if t.Amount > 0 {
					role = "Dbtr"
				}
				party = fmt.Sprintf("<RltdPties><%s><Nm>%s</Nm></%s></RltdPties>", role, xmlText(t.Partner), role)
			}
			fmt.Fprintf(&b, "<Ntry><Amt Ccy=\"NOK\">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt><AcctSvcrRef>%s</AcctSvcrRef><NtryDtls><TxDtls><Refs><AcctSvcrRef>%s</AcctSvcrRef></Refs>%s<RmtInf><Ustrd>%s</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n",
				v, ind, t.Date, t.Date, t.ID, t.ID, party, xmlText(t.Info))
		}
		b.WriteString("</Stmt>\n")
	}
	b.WriteString("</BkToCstmrStmt></Document>\n")
	return []byte(b.String()), nil
}
