package statement

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
)

const camtNS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."

type camtAmt struct {
	Value string `xml:",chardata"`
	Ccy   string `xml:"Ccy,attr"`
}

type camtDate struct {
	Dt   string `xml:"Dt"`
	DtTm string `xml:"DtTm"`
}

func (d *camtDate) date() string {
	if d == nil {
		return ""
	}
	if s := ParseDate(d.Dt); s != "" {
		return s
	}
	if len(d.DtTm) >= 10 {
		return ParseDate(d.DtTm[:10])
	}
	return ""
}

type camtParty struct {
	Nm  string `xml:"Nm"`
	Pty struct {
		Nm string `xml:"Nm"`
	} `xml:"Pty"`
}

func (p *camtParty) name() string {
	if p == nil {
		return ""
	}
	return firstNonEmpty(p.Nm, p.Pty.Nm)
}

type camtBkTxCd struct {
	Domn struct {
		Cd   string `xml:"Cd"`
		Fmly struct {
			Cd        string `xml:"Cd"`
			SubFmlyCd string `xml:"SubFmlyCd"`
		} `xml:"Fmly"`
	} `xml:"Domn"`
	Prtry struct {
		Cd string `xml:"Cd"`
	} `xml:"Prtry"`
}

type camtTxDtls struct {
	Refs struct {
		AcctSvcrRef string `xml:"AcctSvcrRef"`
	} `xml:"Refs"`
	AmtDtls struct {
		TxAmt struct {
			Amt *camtAmt `xml:"Amt"`
		} `xml:"TxAmt"`
	} `xml:"AmtDtls"`
	RmtInf struct {
		Ustrd []string `xml:"Ustrd"`
	} `xml:"RmtInf"`
	AddtlTxInf string `xml:"AddtlTxInf"`
	RltdPties  struct {
		Cdtr *camtParty `xml:"Cdtr"`
		Dbtr *camtParty `xml:"Dbtr"`
	} `xml:"RltdPties"`
}

type camtEntry struct {
	NtryRef   string  `xml:"NtryRef"`
	Amt       camtAmt `xml:"Amt"`
	CdtDbtInd string  `xml:"CdtDbtInd"`
	Sts       struct {
		Value string `xml:",chardata"`
		Cd    string `xml:"Cd"`
	} `xml:"Sts"`
	BookgDt      *camtDate    `xml:"BookgDt"`
	ValDt        *camtDate    `xml:"ValDt"`
	AcctSvcrRef  string       `xml:"AcctSvcrRef"`
	BkTxCd       camtBkTxCd   `xml:"BkTxCd"`
	AddtlNtryInf string       `xml:"AddtlNtryInf"`
	TxDtls       []camtTxDtls `xml:"NtryDtls>TxDtls"`
}

type camtStmt struct {
	Acct struct {
		ID struct {
			IBAN string `xml:"IBAN"`
			Othr struct {
				ID string `xml:"Id"`
			} `xml:"Othr"`
		} `xml:"Id"`
		Ccy  string `xml:"Ccy"`
		Ownr struct {
			Nm string `xml:"Nm"`
		} `xml:"Ownr"`
		Svcr struct {
			FinInstnID struct {
				Nm    string `xml:"Nm"`
				BICFI string `xml:"BICFI"`
				BIC   string `xml:"BIC"`
			} `xml:"FinInstnId"`
		} `xml:"Svcr"`
	} `xml:"Acct"`
	Bal []struct {
		Tp struct {
			CdOrPrtry struct {
				Cd string `xml:"Cd"`
			} `xml:"CdOrPrtry"`
		} `xml:"Tp"`
		Amt       camtAmt `xml:"Amt"`
		CdtDbtInd string  `xml:"CdtDbtInd"`
	} `xml:"Bal"`
	Ntry []camtEntry `xml:"Ntry"`
}

type camtDoc struct {
	XMLName       xml.Name
	BkToCstmrStmt *struct {
		Stmt []camtStmt `xml:"Stmt"`
	} `xml:"BkToCstmrStmt"`
}

// parseCamt reads ISO 20022 camt.053.001.02–.13 (spec:
// statement-analysis.md §5.6). encoding/xml never resolves external
// entities; a DOCTYPE is refused outright.
func parseCamt(index int, data []byte) (*File, error) {
	src := fmt.Sprintf("input[%d]", index)
	if bytes.Contains(data, []byte("<!DOCTYPE")) || bytes.Contains(data, []byte("<!ENTITY")) {
		return nil, &Error{Code: CodeInvalid, Source: src, Detail: "XML with a DOCTYPE or entity declarations is not accepted"}
	}
	var doc camtDoc
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	if err := dec.Decode(&doc); err != nil {
		return nil, &Error{Code: CodeInvalid, Source: src, Detail: "the XML is not well-formed"}
	}
	if doc.XMLName.Local != "Document" || !strings.HasPrefix(doc.XMLName.Space, camtNS) || doc.BkToCstmrStmt == nil {
		return nil, &Error{Code: CodeNoParser, Source: src, Detail: "XML that is not a camt.053 Document with BkToCstmrStmt is not supported"}
	}
	f := &File{Index: index, Format: FormatCamt053}
	for si, st := range doc.BkToCstmrStmt.Stmt {
		sp := fmt.Sprintf("%s/Stmt/%d", src, si)
		acc := &Account{Key: firstNonEmpty(st.Acct.ID.IBAN, st.Acct.ID.Othr.ID)}
		acc.Key = strings.TrimSpace(acc.Key)
		acc.KeyFromInput = acc.Key != ""
		fi := st.Acct.Svcr.FinInstnID
		acc.Bank = strings.TrimSpace(firstNonEmpty(fi.Nm, fi.BICFI, fi.BIC))
		if n := strings.TrimSpace(st.Acct.Ownr.Nm); n != "" {
			acc.Holders = []string{n}
		}
		for bi, b := range st.Bal {
			code := b.Tp.CdOrPrtry.Cd
			if code != "OPBD" && code != "CLBD" {
				continue
			}
			v, err := ParseDecimal(b.Amt.Value)
			if err != nil {
				return nil, &Error{Code: CodeInvalid, Source: fmt.Sprintf("%s/Bal/%d/Amt", sp, bi), Detail: "the balance amount is not a decimal number"}
			}
			if b.CdtDbtInd == "DBIT" {
				v = -v
			}
			acc.Balances = append(acc.Balances, Balance{Closing: code == "CLBD", Amount: v, Currency: b.Amt.Ccy})
		}
		for ei, e := range st.Ntry {
			ep := fmt.Sprintf("%s/Ntry/%d", sp, ei)
			status := firstNonEmpty(strings.TrimSpace(e.Sts.Cd), strings.TrimSpace(e.Sts.Value))
			switch status {
			case "INFO":
				f.Skipped++
				continue
			case "PDNG":
				status = Pending
			default:
				status = Booked
			}
			sign := int64(1)
			switch e.CdtDbtInd {
			case "DBIT":
				sign = -1
			case "CRDT":
			default:
				return nil, &Error{Code: CodeInvalid, Source: ep + "/CdtDbtInd", Detail: "CdtDbtInd must be CRDT or DBIT"}
			}
			date := e.BookgDt.date()
			if date == "" {
				date = e.ValDt.date()
			}
			if date == "" {
				return nil, &Error{Code: CodeInvalid, Source: ep + "/BookgDt", Detail: "the entry has no booking or value date"}
			}
			var codes []string
			for _, c := range []string{e.BkTxCd.Domn.Cd, e.BkTxCd.Domn.Fmly.Cd, e.BkTxCd.Domn.Fmly.SubFmlyCd, e.BkTxCd.Prtry.Cd} {
				if c = strings.TrimSpace(c); c != "" {
					codes = append(codes, c)
				}
			}
			split := len(e.TxDtls) > 1
			for _, d := range e.TxDtls {
				if d.AmtDtls.TxAmt.Amt == nil {
					split = false
				}
			}
			details := e.TxDtls
			if !split {
				if len(details) > 1 {
					details = details[:1]
				}
				if len(details) == 0 {
					details = []camtTxDtls{{}}
				}
			}
			for di, d := range details {
				amt := e.Amt
				if split {
					amt = *d.AmtDtls.TxAmt.Amt
				}
				v, err := ParseDecimal(amt.Value)
				if err != nil {
					return nil, &Error{Code: CodeInvalid, Source: ep + "/Amt", Detail: "the amount is not a decimal number"}
				}
				cur := firstNonEmpty(amt.Ccy, e.Amt.Ccy, st.Acct.Ccy)
				if !isCurrency(cur) {
					return nil, &Error{Code: CodeInvalid, Source: ep + "/Amt", Detail: "the Ccy attribute must be an ISO 4217 code"}
				}
				t := Transaction{Status: status, Date: date, ValueDate: e.ValDt.date(), Amount: sign * v, Currency: cur, BankCodes: codes}
				id := firstNonEmpty(d.Refs.AcctSvcrRef, e.AcctSvcrRef, e.NtryRef)
				if id != "" {
					if split && di > 0 && d.Refs.AcctSvcrRef == "" {
						id = fmt.Sprintf("%s-%d", id, di)
					}
					t.ID, t.HasInputID = id, true
				}
				t.Info = CleanText(firstNonEmpty(strings.Join(d.RmtInf.Ustrd, " "), d.AddtlTxInf, e.AddtlNtryInf))
				if sign < 0 {
					t.Partner = CleanText(d.RltdPties.Cdtr.name())
				} else {
					t.Partner = CleanText(d.RltdPties.Dbtr.name())
				}
				acc.Transactions = append(acc.Transactions, t)
			}
		}
		f.Accounts = append(f.Accounts, acc)
	}
	return f, nil
}
