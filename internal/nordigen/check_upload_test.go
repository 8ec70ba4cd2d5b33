package nordigen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// spec: statement-analysis.md §12 checks 5–16 (auth expiry and upload).

func TestCheck05_TokenExpires(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.TokenTTL = time.Second })
	if resp, _, b := e.do("GET", "/v2/available-models", "", nil, true); resp.StatusCode != 200 {
		t.Fatalf("fresh token: %d %s", resp.StatusCode, b)
	}
	time.Sleep(2100 * time.Millisecond)
	resp, _, b := e.do("GET", "/v2/available-models", "", nil, true)
	errCode(t, resp, b, 401, "INVALID_TOKEN")
	if !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
		t.Fatal("WWW-Authenticate missing")
	}
}

var uuid4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestCheck06_UploadCanonicalJSON(t *testing.T) {
	e := newEnv(t, nil)
	id, m := e.upload(gcStatement("NO9386011117947", 3))
	d := m["data"].(map[string]any)
	if d["type"] != "report pre-processing record" || dig(d, "attributes", "status") != "completed" || !uuid4.MatchString(id) {
		t.Fatalf("check 6: %v", d)
	}
	ops, _ := dig(d, "attributes", "available-operations").([]any)
	if len(ops) == 0 || ops[0] != "categorisation" {
		t.Fatalf("available-operations %v", ops)
	}
	rel, _ := dig(d, "relationships", "operations", "links", "related").(string)
	self, _ := dig(d, "relationships", "operations", "links", "self").(string)
	if !strings.HasSuffix(rel, "/v2/report/process/"+id) || !strings.HasSuffix(self, "/v2/report") || !strings.HasPrefix(rel, "http") {
		t.Fatalf("links %q %q", rel, self)
	}
}

func TestCheck07_TwoFilesTwoFormats(t *testing.T) {
	e := newEnv(t, nil)
	_, m := e.upload(gcStatement("NO9386011117947", 2), []byte(csvFixture))
	files := dig(m, "meta", "files").([]any)
	if len(files) != 2 || dig(files[0], "format") != "gocardless-json" || dig(files[1], "format") != "csv-generic" {
		t.Fatalf("check 7: %v", files)
	}
}

// padded returns a valid JSON statement padded with spaces to exactly n bytes.
func padded(t *testing.T, n int) []byte {
	base := gcStatement("NO9386011117947", 2)
	if len(base) > n {
		t.Fatal("fixture too big")
	}
	return append(base, bytes.Repeat([]byte(" "), n-len(base))...)
}

func TestCheck08_SizeLimit(t *testing.T) {
	e := newEnv(t, nil)
	body, ct := multipartBody(t, padded(t, 10<<20))
	resp, _, b := e.do("POST", "/v2/report", ct, body, true)
	if resp.StatusCode == 413 || resp.StatusCode != 200 {
		t.Fatalf("exactly 10 MiB: %d %s", resp.StatusCode, b[:min(len(b), 300)])
	}
	body, ct = multipartBody(t, padded(t, 10<<20+1))
	resp, _, b = e.do("POST", "/v2/report", ct, body, true)
	errCode(t, resp, b, 413, "PAYLOAD_TOO_LARGE")
	// Two parts that only together exceed the limit.
	body, ct = multipartBody(t, padded(t, 5<<20), padded(t, 5<<20+1))
	resp, _, b = e.do("POST", "/v2/report", ct, body, true)
	errCode(t, resp, b, 413, "PAYLOAD_TOO_LARGE")
	// A body far beyond the cap announced by Content-Length is refused
	// before it is read.
	big := bytes.Repeat([]byte("x"), 11<<20)
	req, _ := http.NewRequest("POST", e.srv.URL+"/nordigen/v2/report", bytes.NewReader(big))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=xyz")
	resp, b = e.rawDo(req)
	errCode(t, resp, b, 413, "PAYLOAD_TOO_LARGE")
}

func TestCheck09_MediaTypeAndMissingInput(t *testing.T) {
	e := newEnv(t, nil)
	resp, _, b := e.do("POST", "/v2/report", "application/json", gcStatement("NO9386011117947", 1), true)
	errCode(t, resp, b, 415, "UNSUPPORTED_MEDIA_TYPE")
	body, ct := namedMultipart(map[string][]byte{"file": []byte(csvFixture)})
	resp, _, b = e.do("POST", "/v2/report", ct, body, true)
	errCode(t, resp, b, 400, "API_REQUIRED_PARAMS_MISSING")
	var arr []map[string]any
	json.Unmarshal(b, &arr)
	if src := arr[0]["source"].([]any); len(src) != 1 || src[0] != "input" {
		t.Fatalf("source %v", src)
	}
	resp, _, b = e.do("POST", "/v2/report", "multipart/form-data; boundary=zz", []byte("garbage"), true)
	errCode(t, resp, b, 400, "MALFORMED_REQUEST_BODY")
}

func TestCheck10_UnreadableFiles(t *testing.T) {
	e := newEnv(t, nil)
	for _, c := range []struct {
		file []byte
		code string
	}{
		{[]byte("%PDF-1.4\n%âãÏÓ\n"), "PDF_PARSE_FAILURE"},
		{[]byte("Dear bank, please send me my statement for March.\nRegards, Kari\n"), "NO_SUITABLE_PARSERS"},
		{[]byte("{\"transactions\":{\"booked\":[]},\"x\":\"\xff\"}"), "INVALID_ENCODING"},
	} {
		body, ct := multipartBody(t, c.file)
		resp, _, b := e.do("POST", "/v2/report", ct, body, true)
		errCode(t, resp, b, 400, c.code)
		if !strings.Contains(string(b), `"input[0]`) {
			t.Fatalf("%s: source must name input[0]: %s", c.code, b)
		}
	}
}

func TestCheck11_InvalidAndEmptyStatements(t *testing.T) {
	e := newEnv(t, nil)
	bad := `{"transactions":{"booked":[
{"bookingDate":"2024-01-01","transactionAmount":{"amount":"-1.00","currency":"NOK"}},
{"bookingDate":"2024-01-02","transactionAmount":{"amount":"-2.00","currency":"NOK"}},
{"bookingDate":"2024-01-03","transactionAmount":{"amount":"-3.00","currency":"NOK"}},
{"bookingDate":"2024-01-04","remittanceInformationUnstructured":"no amount"}]}}`
	body, ct := multipartBody(t, []byte(bad))
	resp, _, b := e.do("POST", "/v2/report", ct, body, true)
	errCode(t, resp, b, 400, "INVALID_STATEMENT")
	if !strings.Contains(string(b), `"input[0]/transactions/booked/3/transactionAmount`) {
		t.Fatalf("source: %s", b)
	}
	body, ct = multipartBody(t, []byte(`{"transactions":{"booked":[]}}`))
	resp, _, b = e.do("POST", "/v2/report", ct, body, true)
	errCode(t, resp, b, 400, "EMPTY_STATEMENT")
}

func TestCheck12_TooManyFiles(t *testing.T) {
	e := newEnv(t, nil)
	files := make([][]byte, 21)
	for i := range files {
		files[i] = []byte(csvFixture)
	}
	body, ct := multipartBody(t, files...)
	resp, _, b := e.do("POST", "/v2/report", ct, body, true)
	errCode(t, resp, b, 400, "EXCEEDED_LIMIT")
}

const camtCheck14 = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>1</MsgId></GrpHdr><Stmt><Id>S1</Id>
<Acct><Id><IBAN>NO9386011117947</IBAN></Id><Ownr><Nm>Kari Nordmann</Nm></Ownr></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="NOK">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="NOK">950.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-31</Dt></Dt></Bal>
<Ntry><Amt Ccy="NOK">100.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-03-05</Dt></BookgDt><AcctSvcrRef>R1</AcctSvcrRef>
<NtryDtls><TxDtls><RmtInf><Ustrd>KIWI 123 MAJORSTUEN</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="NOK">50.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2024-03-06</Dt></BookgDt>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Ola Nordmann</Nm></Dbtr></RltdPties><RmtInf><Ustrd>Vipps</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</Stmt></BkToCstmrStmt></Document>`

func TestCheck14_Camt053(t *testing.T) {
	e := newEnv(t, nil)
	a := e.analyse(`{"country":"no","operations":["categorisation"]}`, []byte(camtCheck14))
	cur := dig(a, "categorisation", "accounts", 0, "currencies", 0)
	txs := dig(cur, "transactions").([]any)
	if len(txs) != 2 || dig(txs[0], "amount") != -100.0 || dig(txs[1], "amount") != 50.0 {
		t.Fatalf("amounts: %v", txs)
	}
	if dig(cur, "start_balance") != 1000.0 || dig(cur, "end_balance") != 950.0 {
		t.Fatalf("balances: %v %v", dig(cur, "start_balance"), dig(cur, "end_balance"))
	}
}

func TestCheck15_NorwegianBankCSV(t *testing.T) {
	e := newEnv(t, nil)
	layouts := []struct{ format, file string }{
		{"csv-dnb", "Dato;Forklaring;Rentedato;Ut fra konto;Inn på konto\n04.03.2024;REMA 1000;04.03.2024;412,50;\n25.03.2024;Lønn;25.03.2024;;41 250,00\n"},
		{"csv-nordea", "Bokføringsdato;Beløp;Avsender;Mottaker;Navn;Tittel;Valuta\n2024/03/04;-412,50;;;REMA;REMA 1000;NOK\n2024/03/25;41250,00;;;Posten;Lønn;NOK\n"},
		{"csv-sparebank1", "Dato;Beskrivelse;Rentedato;Inn;Ut;Til konto;Fra konto\n04.03.2024;REMA 1000;04.03.2024;;-412,50;;\n25.03.2024;Lønn;25.03.2024;41250,00;;;\n"},
		{"csv-sbanken", "BOKFØRINGSDATO\tRENTEDATO\tARKIVREFERANSE\tMOTKONTO\tTYPE\tTEKST\tUT FRA KONTO\tINN PÅ KONTO\n04.03.2024\t04.03.2024\t111\t\tVARER\tREMA 1000\t412,50\t\n25.03.2024\t25.03.2024\t112\t\tLØNN\tLønn\t\t41250,00\n"},
		{"csv-bulder", "Dato;Inn på konto;Ut fra konto;Til konto;Til kontonummer;Fra konto;Fra kontonummer;Type;Tekst\n2024-03-04;;412,50;REMA;;;;Varekjøp;REMA 1000\n2024-03-25;41250,00;;;;Posten;;Lønn;Lønn\n"},
	}
	for _, l := range layouts {
		id, m := e.upload([]byte(l.file))
		if f := dig(m, "meta", "files", 0, "format"); f != l.format {
			t.Fatalf("%s detected as %v", l.format, f)
		}
		e.put(id, `{"country":"no","operations":["categorisation"]}`)
		txs := transactions(e.wait(id)["categorisation"])
		if len(txs) != 2 || txs[0]["amount"] != -412.5 || txs[1]["amount"] != 41250.0 {
			t.Fatalf("%s signs: %v", l.format, txs)
		}
	}
	// The DNB export in Windows-1252.
	cp := bytes.ReplaceAll([]byte(layouts[0].file), []byte("å"), []byte{0xe5})
	cp = bytes.ReplaceAll(cp, []byte("ø"), []byte{0xf8})
	_, m := e.upload(cp)
	if f := dig(m, "meta", "files", 0, "format"); f != "csv-dnb" {
		t.Fatalf("cp1252 DNB: %v", f)
	}
}

func TestCheck16_DuplicatesAcrossFiles(t *testing.T) {
	e := newEnv(t, nil)
	one := []byte(`{"account":{"iban":"NO9386011117947"},"transactions":{"booked":[{"transactionId":"X1","bookingDate":"2024-03-01","transactionAmount":{"amount":"-10.00","currency":"NOK"},"remittanceInformationUnstructured":"KIWI"}]}}`)
	two := []byte(`{"account":{"iban":"NO9386011117947"},"transactions":{"booked":[{"transactionId":"X1","bookingDate":"2024-03-01","transactionAmount":{"amount":"-10.00","currency":"NOK"},"remittanceInformationUnstructured":"KIWI"},{"transactionId":"X2","bookingDate":"2024-03-02","transactionAmount":{"amount":"-20.00","currency":"NOK"},"remittanceInformationUnstructured":"KIWI"}]}}`)
	id, m := e.upload(one, two)
	if d := dig(m, "meta", "files", 1, "duplicates_dropped"); d != 1.0 {
		t.Fatalf("duplicates_dropped %v", d)
	}
	e.put(id, `{"country":"no","operations":["categorisation"]}`)
	if txs := transactions(e.wait(id)["categorisation"]); len(txs) != 2 {
		t.Fatalf("want 2 transactions, got %d", len(txs))
	}
	_ = fmt.Sprint
}
