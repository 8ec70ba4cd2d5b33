package demo

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// utleggPath is Skatteetaten's utleggsbegjæring API (spec:
// utleggsbegjaering.md §3).
const utleggPath = "/skatt/api/utleggsbegjaering/v1"

// begjaeringTemplate is the published simple example (spec/data/
// utleggsbegjaering, "eksempel-enkel") with the parties, the date, the
// attachment and the sender's reference as @@PLACEHOLDERS@@; its claims
// total 14 101,38 kr.
//
//go:embed utleggsbegjaering.json
var begjaeringTemplate string

// skatteetatenHeaders are the headers Skatteetaten's clients send with
// every call (spec: utleggsbegjaering.md §3.3; Korrelasjonsid is echoed).
func skatteetatenHeaders(token string, more ...string) []string {
	return append([]string{"Authorization", "Bearer " + token, "Accept", "application/json",
		"Klientid", "namsfogd-demo/1", "Korrelasjonsid", newUUID()}, more...)
}

// utleggsbegjaering: the collector uploads the enforcement basis and
// submits the utleggsbegjæring (spec: utleggsbegjaering.md §6, §7).
func (d *run) utleggsbegjaering(ctx context.Context, st *Step) error {
	p, c := d.person, d.collector
	tok, err := d.token(ctx, st, c.OrgNr, "skatteetaten:utleggsbegjaering", "")
	if err != nil {
		return err
	}
	innsRef := "DEMO-" + d.mp.runID
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("innsenderReferanse", innsRef)
	fw, _ := mw.CreateFormFile("fil", "tvangsgrunnlag.pdf")
	fw.Write([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	mw.Close()
	r, err := d.expect(ctx, st, request{method: "POST", path: utleggPath + "/vedlegg", body: buf.Bytes(),
		note:   "the enforcement basis (tvangsgrunnlag) as PDF",
		header: skatteetatenHeaders(tok, "Content-Type", mw.FormDataContentType())}, http.StatusCreated)
	if err != nil {
		return err
	}
	var v struct {
		UUID string `json:"uuid"`
	}
	if err := r.decode(&v); err != nil {
		return err
	}
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	doc := strings.NewReplacer(
		`"@@COLLECTOR_NAME@@"`, q(c.Name), `"@@COLLECTOR_ORGNR@@"`, q(c.OrgNr),
		`"@@DEBTOR_GIVEN@@"`, q(strings.ToUpper(p.GivenName)), `"@@DEBTOR_FAMILY@@"`, q(strings.ToUpper(p.FamilyName)),
		`"@@DEBTOR_BIRTH@@"`, q(p.BirthDate), `"@@DEBTOR_NIN@@"`, q(p.NIN),
		`"@@DEBTOR_STREET@@"`, q(p.Street), `"@@DEBTOR_POSTNR@@"`, q(p.PostalCode),
		`"@@TODAY@@"`, q(d.today), `"@@VEDLEGG@@"`, q(v.UUID), `"@@INNSENDER_REF@@"`, q(innsRef),
	).Replace(begjaeringTemplate)
	r, err = d.expect(ctx, st, request{method: "POST", path: utleggPath + "/utleggsbegjaering", body: []byte(doc),
		note:   "3 claims, 14 101,38 kr, against " + p.NIN,
		header: skatteetatenHeaders(tok, "Content-Type", "application/json")}, http.StatusCreated)
	if err != nil {
		return err
	}
	var sent struct {
		EksternSaksreferanse string `json:"eksternSaksreferanse"`
	}
	if err := r.decode(&sent); err != nil {
		return err
	}
	if sent.EksternSaksreferanse == "" {
		return fmt.Errorf("no eksternSaksreferanse in the answer: %s", excerpt(r.Body))
	}
	d.caseRef = sent.EksternSaksreferanse
	status, err := d.caseStatus(ctx, st, tok)
	if err != nil {
		return err
	}
	st.fact("vedlegg_uuid", v.UUID)
	st.fact("innsenderReferanse", innsRef)
	st.fact("eksternSaksreferanse", d.caseRef)
	st.fact("saksstatus", status.Saksstatus)
	st.say("attachment %s uploaded; utleggsbegjæring %s submitted by %s", v.UUID, innsRef, c)
	st.say("case reference (eksternSaksreferanse) %s, status %s", d.caseRef, status.Saksstatus)
	st.say("claims: principal 12 469,14 kr, interest 232,24 kr, costs 1 400,00 kr (the published example)")
	return nil
}

// caseStatus is GET …/utleggsbegjaering/{ref}/status.
type caseStatus struct {
	Saksstatus             string `json:"saksstatus"`
	Saksreferanse          string `json:"saksreferanse"`
	Beslutningsinformasjon *struct {
		Beslutningstype string `json:"beslutningstype"`
		Beslutningsdato string `json:"beslutningsdato"`
		Begrunnelse     string `json:"begrunnelse"`
	} `json:"beslutningsinformasjon"`
}

func (d *run) caseStatus(ctx context.Context, st *Step, tok string) (caseStatus, error) {
	var s caseStatus
	r, err := d.expect(ctx, st, request{method: "GET", path: utleggPath + "/utleggsbegjaering/" + url.PathEscape(d.caseRef) + "/status",
		shown: utleggPath + "/utleggsbegjaering/{ref}/status", header: skatteetatenHeaders(tok)}, http.StatusOK)
	if err != nil {
		return s, err
	}
	return s, r.decode(&s)
}

// The namsmann's way through a case (spec: utleggsbegjaering.md §10.2).
var hovedlop = []string{"sakOpprettet", "sakUnderBehandling", "sakForelagt", "sakBesluttet", "sakAvsluttet"}

// namsmannStep moves the case one step through the operator API. A 409
// means the case is elsewhere already: a server in --namsmann auto mode
// may have moved it; that is fine when it is at or past the step.
func (d *run) namsmannStep(ctx context.Context, st *Step, step, reached string) error {
	path := "/admin/utlegg/utleggsbegjaering/" + url.PathEscape(d.caseRef)
	r, err := d.admin(ctx, st, "POST", path+"/"+step, "/admin/utlegg/utleggsbegjaering/{ref}/"+step, nil,
		http.StatusOK, http.StatusConflict)
	if err != nil {
		return err
	}
	if r.Status == http.StatusOK {
		return nil
	}
	r, err = d.admin(ctx, st, "GET", path, "/admin/utlegg/utleggsbegjaering/{ref}", nil)
	if err != nil {
		return err
	}
	var sak struct {
		Status struct {
			Saksstatus string `json:"saksstatus"`
		} `json:"status"`
	}
	if err := r.decode(&sak); err != nil {
		return err
	}
	now, want := slices.Index(hovedlop, sak.Status.Saksstatus), slices.Index(hovedlop, reached)
	if now < 0 || now < want {
		return fmt.Errorf("the namsmann cannot %s the case: it is %s", step, sak.Status.Saksstatus)
	}
	st.say("the case was already %s (the server's automatic namsmann got there first)", sak.Status.Saksstatus)
	return nil
}

// decide: the namsmann lays the case before the debtor and decides by the
// automatic assessment; the collector reads the decision in the case's
// messages and status.
func (d *run) decide(ctx context.Context, st *Step) error {
	if err := d.namsmannStep(ctx, st, "godkjenn", "sakForelagt"); err != nil {
		return err
	}
	if err := d.namsmannStep(ctx, st, "beslutt", "sakBesluttet"); err != nil {
		return err
	}
	tok, err := d.token(ctx, st, d.collector.OrgNr, "skatteetaten:utleggsbegjaering", "")
	if err != nil {
		return err
	}
	r, err := d.expect(ctx, st, request{method: "GET", path: utleggPath + "/utleggsbegjaering/" + url.PathEscape(d.caseRef) + "/meldinger",
		shown: utleggPath + "/utleggsbegjaering/{ref}/meldinger", header: skatteetatenHeaders(tok)}, http.StatusOK)
	if err != nil {
		return err
	}
	type melding struct {
		Meldingstype string `json:"meldingstype"`
		Saksstatus   string `json:"saksstatus"`
		Tekst        string `json:"tekst"`
	}
	var feed struct {
		Meldinger []melding `json:"meldinger"`
	}
	if json.Unmarshal(r.Body, &feed) != nil {
		if err := r.decode(&feed.Meldinger); err != nil {
			return err
		}
	}
	var beslutning string
	var kinds []string
	for _, m := range feed.Meldinger {
		kinds = append(kinds, m.Meldingstype+" ("+m.Saksstatus+")")
		if m.Meldingstype == "BESLUTNING" {
			beslutning = m.Tekst
		}
	}
	status, err := d.caseStatus(ctx, st, tok)
	if err != nil {
		return err
	}
	if status.Saksstatus != "sakBesluttet" || status.Beslutningsinformasjon == nil {
		return fmt.Errorf("the case is %s without a decision", status.Saksstatus)
	}
	bi := status.Beslutningsinformasjon
	d.decision, d.saksnr = bi.Beslutningstype, status.Saksreferanse
	st.fact("saksstatus", status.Saksstatus)
	st.fact("saksreferanse", d.saksnr)
	st.fact("beslutningstype", bi.Beslutningstype)
	st.fact("beslutningsdato", bi.Beslutningsdato)
	st.fact("beslutning", beslutning)
	st.fact("meldinger", kinds)
	st.say("the collector's messages for the case: %s", strings.Join(kinds, ", "))
	st.say("decision: %s on %s, the namsmann's case number %s", bi.Beslutningstype, bi.Beslutningsdato, d.saksnr)
	if beslutning != "" {
		st.say("%q", beslutning)
	}
	if bi.Beslutningstype != "utleggstrekk" {
		return fmt.Errorf("the decision is %s, not utleggstrekk: no withholding order follows", bi.Beslutningstype)
	}
	return nil
}
