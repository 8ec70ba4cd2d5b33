package nordigen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"

	"github.com/namsfogd/namsfogd/internal/categorise"
	"github.com/namsfogd/namsfogd/internal/nordigen/record"
	"github.com/namsfogd/namsfogd/internal/scoring"
	"github.com/namsfogd/namsfogd/internal/store"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// processRequest is the accepted PUT body, normalised.
type processRequest struct {
	Country        string   `json:"country"`
	Operations     []string `json:"operations"`
	Models         []string `json:"models,omitempty"`
	Period         int      `json:"period,omitempty"`
	Currency       string   `json:"currency,omitempty"`
	IncludePending bool     `json:"include_pending,omitempty"`
	UseWebhook     bool     `json:"use_webhook,omitempty"`
}

// loadRecord finds a client's record; another client's record is 404
// (spec §2.3) and an expired one 410.
func (s *Service) loadRecord(r *http.Request) (record.Record, error) {
	id := r.PathValue("id")
	noteRequestID(r.Context(), id)
	nf := fail("NOT_FOUND", fmt.Sprintf("No processing record %s exists for this client.", id))
	if !uuidRE.MatchString(id) {
		return record.Record{}, nf
	}
	rec, err := s.st.NordigenRecord(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && rec.ClientID != clientOf(r.Context()).ID) {
		return rec, nf
	}
	if err != nil {
		return rec, err
	}
	if rec.Status == stExpired || !s.clock.Now().Before(rec.CreatedAt.Add(s.cfg.Retention)) {
		return rec, fail("GONE", fmt.Sprintf("Processing record %s has expired and its data was deleted.", id))
	}
	return rec, nil
}

// process is E3 PUT /v2/report/process/{id} (spec §3.2).
func (s *Service) process(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.loadRecord(r)
	if err != nil {
		return err
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return fail("UNSUPPORTED_MEDIA_TYPE", "The body must be application/json.")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return fail("MALFORMED_REQUEST_BODY", "The request body could not be read.")
	}
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&raw); err != nil || raw == nil || dec.More() {
		return fail("MALFORMED_REQUEST_BODY", "The body is not one JSON object.")
	}
	req, perr := s.parseProcess(raw, strings.Split(rec.Available, ","), clientOf(r.Context()))
	if perr != nil {
		return perr
	}
	if req.UseWebhook {
		if _, err := s.st.NordigenWebhookSettings(r.Context(), rec.ClientID); errors.Is(err, store.ErrNotFound) {
			return fail("WEBHOOK_NOT_CONFIGURED", "use_webhook is true but no webhook settings are saved.", "use_webhook")
		} else if err != nil {
			return err
		}
	}
	if rec.Status != stUploaded {
		return fail("ANALYSIS_ALREADY_REQUESTED", "Analysis was already requested for this record.")
	}
	if s.closing.Load() {
		return fail("SERVICE_UNAVAILABLE", "The service is shutting down; retry shortly.").with("Retry-After", "5")
	}
	// A full work queue is 503 and the record stays uploaded (§3.2,
	// §4.1 rule 10). The count is shared by every process on the
	// database; two PUTs racing at the limit may both get in.
	if n, err := s.st.ActiveJobs(r.Context(), jobProcess); err != nil {
		return err
	} else if n >= s.cfg.QueueSize {
		return fail("SERVICE_UNAVAILABLE", fmt.Sprintf("The work queue is full (%d records waiting or processing); retry shortly.", n)).
			with("Retry-After", "5")
	}
	blob, _ := json.Marshal(req)
	job := store.Job{Kind: jobProcess, Key: rec.RequestID, Payload: []byte(rec.RequestID), RunAt: wallNow()}
	if err := s.st.NordigenQueue(r.Context(), rec.RequestID, blob, s.clock.Now(), job); errors.Is(err, store.ErrConflict) {
		return fail("ANALYSIS_ALREADY_REQUESTED", "Analysis was already requested for this record.")
	} else if err != nil {
		return err
	}
	nudge(s.wakeProcess)
	base := s.baseURL(r)
	writeJSON(w, 202, map[string]any{"data": map[string]any{
		"attributes": map[string]any{"request-id": rec.RequestID, "status": stQueued},
		"relationships": map[string]any{"result": map[string]any{"links": map[string]string{
			"related": base + "/v2/report/" + rec.RequestID, "self": base + "/v2/report/process/" + rec.RequestID}}},
		"type": "report processing record",
	}})
	return nil
}

// parseProcess validates the PUT body in the precedence order of §3.2.
func (s *Service) parseProcess(raw map[string]json.RawMessage, available []string, c Client) (processRequest, *apiError) {
	var req processRequest
	var e *apiError
	add := func(code, detail string, src ...string) {
		if e == nil {
			e = fail(code, detail, src...)
		} else {
			e.and(code, detail, src...)
		}
	}
	if raw["country"] == nil {
		add("API_REQUIRED_PARAMS_MISSING", "country is required.", "country")
	}
	if raw["operations"] == nil {
		add("API_REQUIRED_PARAMS_MISSING", "operations is required.", "operations")
	}
	if e != nil {
		return req, e
	}
	var unknown []string
	for k := range raw {
		switch k {
		case "country", "operations", "params", "use_webhook":
		default:
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		add("INVALID_PARAMS", "Unknown fields: "+strings.Join(unknown, ", ")+".", unknown...)
	}
	var country string
	if json.Unmarshal(raw["country"], &country) != nil {
		add("INVALID_PARAMS", "country must be a string.", "country")
	}
	var ops []string
	if json.Unmarshal(raw["operations"], &ops) != nil {
		add("INVALID_PARAMS", "operations must be an array of strings.", "operations")
	} else if len(ops) == 0 {
		add("INVALID_PARAMS", "operations must hold at least one operation.", "operations")
	}
	if v := raw["use_webhook"]; v != nil && json.Unmarshal(v, &req.UseWebhook) != nil {
		add("INVALID_PARAMS", "use_webhook must be a boolean.", "use_webhook")
	}
	var params map[string]json.RawMessage
	if v := raw["params"]; v != nil && string(v) != "null" {
		if json.Unmarshal(v, &params) != nil {
			add("INVALID_PARAMS", "params must be an object.", "params")
		}
	}
	modelsGiven := false
	for k, v := range params {
		switch k {
		case "models":
			modelsGiven = true
			if json.Unmarshal(v, &req.Models) != nil || len(req.Models) == 0 {
				add("INVALID_PARAMS", "params.models must be a non-empty array of strings.", "params.models")
			}
		case "period":
			var p float64
			if json.Unmarshal(v, &p) != nil || p != float64(int(p)) || p < 1 || p > 24 {
				add("INVALID_PARAMS", "params.period must be an integer from 1 to 24.", "params.period")
			}
			req.Period = int(p)
		case "currency":
			if json.Unmarshal(v, &req.Currency) != nil || !regexp.MustCompile(`^[A-Z]{3}$`).MatchString(req.Currency) {
				add("INVALID_PARAMS", "params.currency must be a three-letter upper-case code.", "params.currency")
			}
		case "include_pending":
			if json.Unmarshal(v, &req.IncludePending) != nil {
				add("INVALID_PARAMS", "params.include_pending must be a boolean.", "params.include_pending")
			}
		default:
			add("INVALID_PARAMS", "Unknown parameter params."+k+".", "params."+k)
		}
	}
	if e != nil {
		return req, e
	}
	norm, ok := categorise.NormaliseCountry(country)
	if !ok {
		return req, fail("UNSUPPORTED_COUNTRY_REQUESTED", fmt.Sprintf("Country %q is not supported; use no or uk.", country), "country")
	}
	req.Country = norm
	seen := map[string]bool{}
	for i, op := range ops {
		if !contains(available, op) {
			add("UNSUPPORTED_OPERATION", fmt.Sprintf("Operation %q is not available for this record.", op), fmt.Sprintf("operations[%d]", i))
			continue
		}
		if !seen[op] {
			seen[op] = true
			req.Operations = append(req.Operations, op)
		}
	}
	if e != nil {
		return req, e
	}
	credit := seen[opCreditScoring] || seen[opCreditScores]
	if !credit {
		req.Models = nil
	} else if modelsGiven {
		for i, m := range req.Models {
			if _, ok := scoring.ModelByName(m); !ok || !contains(c.Models, m) {
				add("UNKNOWN_MODEL", fmt.Sprintf("Model %q is not available.", m), fmt.Sprintf("params.models[%d]", i))
			}
		}
	} else {
		req.Models = sortedModels(c.Models)
	}
	if req.Currency == "" {
		req.Currency = map[string]string{"no": "NOK", "uk": "GBP"}[norm]
	}
	return req, e
}
