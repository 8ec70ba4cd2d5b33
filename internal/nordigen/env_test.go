package nordigen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"
)

// gcStatement builds a canonical (gocardless-json) statement: n booked
// groceries/salary transactions on one IBAN with opening and closing
// balances that agree with them.
func gcStatement(iban string, n int) []byte {
	var txs []string
	var sum int64
	for i := range n {
		amt := int64(-41250 - i*100)
		info := fmt.Sprintf("VISA VARE 4567 REMA 1000 GRUNERLØKKA %d", i)
		if i%10 == 9 {
			amt = 4125000
			info = "Lønn"
		}
		sum += amt
		txs = append(txs, fmt.Sprintf(`{"transactionId":"t%d","bookingDate":"2024-%02d-%02d","transactionAmount":{"amount":"%s","currency":"NOK"},"remittanceInformationUnstructured":%q}`,
			i, 1+i%12, 1+i%28, minor(amt), info))
	}
	open := int64(1050000)
	return []byte(fmt.Sprintf(`{"account":{"iban":%q,"currency":"NOK","ownerName":"Kari Nordmann","bank":"DNB"},
"balances":[{"balanceAmount":{"amount":"%s","currency":"NOK"},"balanceType":"openingBooked","referenceDate":"2024-01-01"},
{"balanceAmount":{"amount":"%s","currency":"NOK"},"balanceType":"closingBooked","referenceDate":"2024-12-31"}],
"transactions":{"booked":[%s],"pending":[{"valueDate":"2024-12-30","transactionAmount":{"amount":"-89.00","currency":"NOK"},"remittanceInformationUnstructured":"Reservert transaksjon NARVESEN OSLO S"}]}}`,
		iban, minor(open), minor(open+sum), strings.Join(txs, ",")))
}

func minor(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

const csvFixture = "date,amount,currency,description,counterparty\n2024-03-04,-412.50,NOK,KIWI 123 MAJORSTUEN,\n2024-03-25,41250.00,NOK,Lønn mars,Posten Norge AS\n"

// tokenFor fetches a token for another client.
func (e *env) tokenFor(id, secret string) string {
	e.t.Helper()
	_, m, b := e.do("POST", "/oauth/token", "application/json", []byte(`{"grant_type":"client_credentials","client_id":"`+id+`","client_secret":"`+secret+`","audience":"https://nordigen/api"}`), false)
	tok, _ := m["access_token"].(string)
	if tok == "" {
		e.t.Fatalf("token for %s: %s", id, b)
	}
	return tok
}

// as runs f with another bearer token.
func (e *env) as(tok string, f func()) {
	old := e.tok
	e.tok = tok
	defer func() { e.tok = old }()
	f()
}

// upload posts files and returns the record id and the full response.
func (e *env) upload(files ...[]byte) (string, map[string]any) {
	e.t.Helper()
	body, ct := multipartBody(e.t, files...)
	resp, m, b := e.do("POST", "/v2/report", ct, body, true)
	if resp.StatusCode != 200 {
		e.t.Fatalf("upload: %d %s", resp.StatusCode, b)
	}
	return dig(m, "data", "attributes", "request-id").(string), m
}

// put requests processing.
func (e *env) put(id, body string) (*http.Response, map[string]any, []byte) {
	e.t.Helper()
	return e.do("PUT", "/v2/report/process/"+id, "application/json", []byte(body), true)
}

// attrs GETs a record's attributes.
func (e *env) attrs(id string) map[string]any {
	e.t.Helper()
	resp, m, b := e.do("GET", "/v2/report/"+id, "", nil, true)
	if resp.StatusCode != 200 {
		e.t.Fatalf("get %s: %d %s", id, resp.StatusCode, b)
	}
	return dig(m, "data", "attributes").(map[string]any)
}

// wait polls until the record is completed or failed.
func (e *env) wait(id string) map[string]any {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		a := e.attrs(id)
		if a["status"] == "completed" || a["status"] == "failed" {
			return a
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatalf("record %s did not finish", id)
	return nil
}

// analyse uploads files, requests body and waits for the result.
func (e *env) analyse(body string, files ...[]byte) map[string]any {
	e.t.Helper()
	id, _ := e.upload(files...)
	if resp, _, b := e.put(id, body); resp.StatusCode != 202 {
		e.t.Fatalf("put: %d %s", resp.StatusCode, b)
	}
	a := e.wait(id)
	if a["status"] != "completed" {
		e.t.Fatalf("record failed: %v", a)
	}
	return a
}

// dig walks nested maps and arrays (string keys, int indexes).
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

// transactions lists every returned transaction of a categorisation.
func transactions(cat any) []map[string]any {
	var out []map[string]any
	for _, a := range dig(cat, "accounts").([]any) {
		for _, c := range dig(a, "currencies").([]any) {
			for _, t := range dig(c, "transactions").([]any) {
				out = append(out, t.(map[string]any))
			}
		}
	}
	return out
}

// rawDo sends a request with a custom body reader and headers.
func (e *env) rawDo(req *http.Request) (*http.Response, []byte) {
	e.t.Helper()
	req.Header.Set("Authorization", "Bearer "+e.tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, b
}

// namedMultipart builds a multipart body with parts of any name.
func namedMultipart(parts map[string][]byte) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for name, data := range parts {
		w, _ := mw.CreateFormFile(name, name+".bin")
		w.Write(data)
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
