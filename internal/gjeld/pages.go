package gjeld

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
)

// pageData feeds the server-rendered pages. The pages use no JavaScript
// and no external assets.
type pageData struct {
	Title    string
	Prefix   string
	Message  string
	Error    string
	Request  string // signed authRequest
	Next     string
	NIN      string
	Method   string
	Client   model.Client
	Purpose  string
	Duration string
	CSRF     string
	Consents []portalConsent
}

// pageError is an error rendered as an HTML page (never a redirect).
type pageError struct {
	status int
	title  string
	msg    string
}

func (e *pageError) Error() string { return e.msg }

func pageErr(status int, title, msg string) error { return &pageError{status, title, msg} }

// page renders a page handler's errors as HTML, or JSON when asked.
func (s *Service) page(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var e *pageError
		if !errors.As(err, &e) {
			if !s.unexpected(r, err) {
				return
			}
			e = &pageError{http.StatusInternalServerError, "Feil", "An unexpected server error occurred."}
		}
		if r.Header.Get("Accept") == "application/json" {
			writeJSON(w, e.status, map[string]string{"error": http.StatusText(e.status), "error_description": e.msg})
			return
		}
		s.render(w, e.status, "message", pageData{Title: e.title, Message: e.msg})
	}
}

func (s *Service) render(w http.ResponseWriter, status int, name string, d pageData) error {
	d.Prefix = s.prefix
	var b bytes.Buffer
	if err := pages.ExecuteTemplate(&b, name, d); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	w.WriteHeader(status)
	w.Write(b.Bytes())
	return nil
}

var purposeWords = map[string]string{
	model.PurposePresentation: "Presentasjon: gjelden din vises bare for deg",
	model.PurposeProcessing:   "Behandling: gjelden din brukes til å vurdere en søknad om lån eller kreditt, f.eks. refinansiering",
}

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"purpose": func(p string) string { return purposeWords[p] },
}).Parse(`
{{define "head"}}<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} – Norsk Gjeldsinformasjon</title>
<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
header{border-bottom:3px solid #0b3d5c;margin-bottom:1rem}h1{font-size:1.5rem}.err{color:#a00;font-weight:bold}
fieldset{margin:1rem 0}label{display:block;margin:.5rem 0}button{margin:.3rem .3rem .3rem 0;padding:.5rem 1rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}
.archived{color:#666}</style></head><body><header><p><strong>Norsk Gjeldsinformasjon</strong> · simulert testmiljø</p></header>{{end}}
{{define "foot"}}</body></html>{{end}}

{{define "message"}}{{template "head" .}}<h1>{{.Title}}</h1><p id="message">{{.Message}}</p>{{template "foot" .}}{{end}}

{{define "login"}}{{template "head" .}}<h1>ID-porten</h1>
{{if .Client.ID}}<p>Logg inn for å gi samtykke til <strong>{{.Client.Name}}</strong>.</p>{{end}}
{{if .Error}}<p class="err" id="error">{{.Error}}</p>{{end}}
<form method="post" action="{{.Prefix}}/login" id="login-form">
<input type="hidden" name="req" value="{{.Request}}"><input type="hidden" name="next" value="{{.Next}}">
<fieldset><legend>Velg innloggingsmetode</legend>
<label><input type="radio" name="method" value="testid" {{if ne .Method "bankid"}}checked{{end}}> TestID (bare fødselsnummer)</label>
<label><input type="radio" name="method" value="bankid" {{if eq .Method "bankid"}}checked{{end}}> BankID (testbruker)</label></fieldset>
<label>Fødselsnummer <input type="text" name="nin" id="nin" inputmode="numeric" maxlength="11" value="{{.NIN}}" autocomplete="off"></label>
<p>Syntetiske testpersoner: <code>14842249091</code>, <code>29868099311</code>.</p>
<label>BankID engangskode <input type="text" name="otp" id="otp" autocomplete="off"></label>
<label>BankID passord <input type="password" name="password" id="password" autocomplete="off"></label>
<button type="submit" name="action" value="login" id="login">Logg inn</button>
<button type="submit" name="action" value="cancel" id="cancel">Avbryt</button>
</form>{{template "foot" .}}{{end}}

{{define "consent"}}{{template "head" .}}<h1>Samtykke til deling av gjeldsinformasjon</h1>
<p><strong id="client-name">{{.Client.Name}}</strong> (organisasjonsnummer {{.Client.OrgNr}}) ber om å hente informasjon om din usikrede gjeld.</p>
<dl><dt>Formål</dt><dd id="purpose">{{purpose .Purpose}}</dd><dt>Varighet</dt><dd id="duration">{{.Duration}}</dd></dl>
<p>Informasjonen omfatter navnet på kreditorene dine. Hver gang samtykket brukes, kan du se det på Min Gjeld,
og du kan når som helst trekke samtykket tilbake der.</p>
<form method="post" action="{{.Prefix}}/consent" id="consent-form"><input type="hidden" name="req" value="{{.Request}}">
<button type="submit" name="action" value="accept" id="accept">Godta</button>
<button type="submit" name="action" value="deny" id="deny">Avslå</button></form>{{template "foot" .}}{{end}}

{{define "portal"}}{{template "head" .}}<h1>Min Gjeld – samtykker</h1>
<p>Innlogget som <strong id="person">{{.NIN}}</strong>.</p>
{{if not .Consents}}<p id="none">Du har ingen samtykker.</p>{{end}}
{{range .Consents}}<section class="consent{{if .Archived}} archived{{end}}" id="consent-{{.ID}}">
<h2>{{.ClientName}} <small>({{.ClientOrgNr}})</small></h2>
<table><tr><th>Formål</th><td>{{purpose .Purpose}}</td></tr><tr><th>Gitt</th><td>{{.Created}}</td></tr>
<tr><th>Utløper</th><td>{{.Expires}}</td></tr><tr><th>Status</th><td class="state">{{.State}}</td></tr>
<tr><th>Brukt</th><td>{{if .Uses}}<ul>{{range .Uses}}<li>{{.}}</li>{{end}}</ul>{{else}}Ikke brukt{{end}}</td></tr></table>
{{if .Active}}<form method="post" action="{{$.Prefix}}/min-gjeld/consents/{{.ID}}/withdraw"><input type="hidden" name="csrf" value="{{$.CSRF}}">
<button type="submit" class="withdraw" id="withdraw-{{.ID}}">Trekk tilbake samtykket</button></form>{{end}}
</section>{{end}}{{template "foot" .}}{{end}}
`))
