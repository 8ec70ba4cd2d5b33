package dsop

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/namsfogd/namsfogd/internal/store"
)

// exchange is one request as the audit log sees it (spec:
// dsop-kontroll.md §9): who asked, under which mandate, about whom, and
// what was answered. It is filled while the request is judged.
type exchange struct {
	api      api
	start    time.Time
	bank     string // bank orgnr, "" for the kundeforhold API
	endpoint string // accounts, accountDetails, transactions, customerRelationships, ...
	method   string
	path     string // path template, never the raw reference

	caller *caller

	correlationID string // valid CorrelationID, echoed
	raw           map[string]string
	mandate       string // decoded, once it was accepted
	party         string // valid PartyID/CustomerID
	ref           string // the accountReference of account details

	status     int
	code       string
	respStatus string // complete / partial
	disclosed  []map[string]any
	banks      []string
	digest     string
	// audited is set once the exchange's audit record is durable.
	audited bool
}

// auditHeaders are the request headers the audit keeps, as sent.
var auditHeaders = []string{"CorrelationID", "AccountInfoRequestID", "RequesterID", "Legal-Mandate", "PartyID", "CustomerID",
	"AdditionalReferenceID", "AdditionalReferenceIDType"}

var auditQuery = []string{"fromDate", "toDate", "OnlyPrimaryOwner", "page"}

func (s *Service) newExchange(r *http.Request, a api) *exchange {
	x := &exchange{api: a, start: s.clock.Now(), method: r.Method, raw: map[string]string{}}
	for _, h := range auditHeaders {
		if vs := r.Header.Values(h); len(vs) > 0 {
			x.raw[h] = clip(vs[0])
		}
	}
	q := parseQuery(r.URL.RawQuery)
	for _, k := range auditQuery {
		if v, ok, _ := q.get(k, false); ok {
			x.raw[k] = clip(v)
		}
	}
	// §4.5: echo CorrelationID when exactly one valid value was sent.
	if v, present, conflict := header(r.Header, "CorrelationID"); present && !conflict && validUUID(v) {
		x.correlationID = v
	}
	return x
}

// clip keeps audit fields bounded and valid UTF-8.
func clip(s string) string {
	if len(s) > 300 {
		s = s[:300]
	}
	if !utf8.ValidString(s) {
		s = string([]rune(s))
	}
	return s
}

// record builds the audit record of x. The access token never appears.
func (x *exchange) record(now time.Time) store.AuditRecord {
	d := map[string]any{
		"api": map[api]string{apiControl: "control", apiKundeforhold: "kundeforhold"}[x.api], "endpoint": x.endpoint,
		"method": x.method, "path": x.path, "status": x.status, "duration_ms": now.Sub(x.start).Milliseconds(),
	}
	if x.bank != "" {
		d["bank"] = x.bank
	}
	if x.code != "" {
		d["code"] = x.code
	}
	for k, v := range x.raw {
		d[k] = v
	}
	if x.ref != "" {
		d["accountReference"] = x.ref
	}
	if x.respStatus != "" {
		d["responseStatus"] = x.respStatus
	}
	if x.disclosed != nil {
		d["disclosed"] = x.disclosed
	}
	if x.banks != nil {
		d["banks"] = x.banks
	}
	if x.digest != "" {
		d["response_sha256"] = x.digest
	}
	rec := store.AuditRecord{
		Time: x.start, Service: "dsop", Action: x.action(), Actor: "anonymous", SubjectID: x.party,
		LegalBasis: x.mandate, Correlation: x.correlationID, Outcome: strconv.Itoa(x.status), Details: d,
	}
	if x.code != "" {
		rec.Outcome += " " + x.code
	} else if x.respStatus != "" {
		rec.Outcome += " " + x.respStatus
	}
	if c := x.caller; c != nil {
		rec.Actor = c.consumerID
		d["consumer"], d["client_id"], d["jti"], d["scope"] = c.consumerID, c.ClientID, c.TokenID, c.Scopes
		d["token_exp"] = c.Expiry.UTC().Format(time.RFC3339)
		if c.supplierID != "" {
			d["supplier"] = c.supplierID
		}
		if c.DelegationSource != "" {
			d["delegation_source"] = c.DelegationSource
		}
		if c.profile != nil {
			d["profile"] = c.profile.ID
		}
	}
	return rec
}

func (x *exchange) action() string {
	if x.api == apiKundeforhold {
		return "kundeforhold." + x.endpoint
	}
	return "bank." + x.endpoint
}

func digest(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// audit appends x's record unless it is already durable.
func (s *Service) audit(ctx context.Context, x *exchange) error {
	if x.audited {
		return nil
	}
	_, err := s.store.AppendAudit(context.WithoutCancel(ctx), x.record(s.clock.Now()))
	if err == nil {
		x.audited = true
	}
	return err
}

// finish writes the answer: an error body, or body with ctype. A success
// is only sent once its audit record is durable; if that fails the
// client gets 500 ACC-100 and nothing is disclosed.
func (s *Service) finish(w http.ResponseWriter, r *http.Request, x *exchange, body []byte, ctype string, e *apiError) {
	if x.caller != nil {
		caseID := x.raw["AccountInfoRequestID"]
		if !validUUID(caseID) {
			caseID = ""
		}
		s.vakt.se(x.caller.consumerID, x.correlationID, caseID, x.endpoint)
	}
	if x.correlationID != "" {
		w.Header().Set("CorrelationID", x.correlationID)
	}
	if e == nil {
		x.status = http.StatusOK
		if err := s.audit(r.Context(), x); err != nil {
			e = dependency(err)
		}
	}
	if e != nil {
		sc := x.api.codes(e.kind)
		x.status, x.code, x.disclosed, x.banks, x.respStatus, x.digest = sc.status, sc.code, nil, nil, "", ""
		if sc.status >= 500 {
			s.log.ErrorContext(r.Context(), "dsop: request failed", "endpoint", x.endpoint, "bank", x.bank, "code", sc.code, "error", e.Error())
		}
		if err := s.audit(r.Context(), x); err != nil {
			s.log.ErrorContext(r.Context(), "dsop: audit write failed", "error", err)
		}
		writeError(w, x.api, e, s.clock.Now())
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}
