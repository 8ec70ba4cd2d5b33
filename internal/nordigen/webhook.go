package nordigen

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/store"
)

// WebhookConfig configures deliveries (spec §8, §10).
type WebhookConfig struct {
	Timeout  time.Duration   // per attempt, default 10 s
	Schedule []time.Duration // delays after attempt 1, default 30s,2m,10m,30m,1h,2h,4h,8h
	Jitter   float64         // ± fraction, default 0.1; negative = none
	// AllowHTTP permits http:// callback URLs; AllowPrivate permits
	// loopback/private targets. The operator default allows loopback only
	// when AllowPrivate is set (SA_WEBHOOK_ALLOW_PRIVATE).
	AllowHTTP    bool
	AllowPrivate bool
	// AllowedNets are the networks deliveries may go to when AllowPrivate
	// is off; default loopback only (127.0.0.0/8 and ::1), so the server
	// cannot be used to probe a network.
	AllowedNets []netip.Prefix
}

func (c *WebhookConfig) defaults() {
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if c.Schedule == nil {
		c.Schedule = []time.Duration{30 * time.Second, 2 * time.Minute, 10 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour}
	}
	if c.Jitter == 0 {
		c.Jitter = 0.1
	}
}

// webhookSettings is one client's saved settings (spec §3.6).
type webhookSettings struct {
	CallbackURL         string  `json:"callback_url"`
	AuthMethod          *string `json:"auth_method"`
	AuthUsername        string  `json:"auth_username,omitempty"`
	AuthPassword        string  `json:"auth_password,omitempty"`
	OAuthTokenURL       string  `json:"oauth_token_url,omitempty"`
	OAuthClientID       string  `json:"oauth_client_id,omitempty"`
	OAuthClientSecret   string  `json:"oauth_client_secret,omitempty"`
	OAuthAudience       string  `json:"oauth_audience,omitempty"`
	OAuthClientAudience string  `json:"oauth_client_audience,omitempty"`
}

type webhookState struct {
	Status             string  `json:"status"`
	Attempts           int     `json:"attempts"`
	LastAttemptAt      *string `json:"last-attempt-at"`
	LastResponseStatus *int    `json:"last-response-status"`
}

type webhookEvent struct {
	EventID    string   `json:"event_id"`
	RequestID  string   `json:"request_id"`
	Status     string   `json:"status"`
	Operations []string `json:"operations"`
	FinishedAt string   `json:"finished_at"`
	Error      any      `json:"error,omitempty"`
	ClientID   string   `json:"client_id,omitempty"`
}

func newUUID() string { return httpx.NewUUID() }

func (s *Service) checkURL(raw, field string) *apiError {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" || len(raw) > 2048 || (u.Scheme != "https" && !(u.Scheme == "http" && s.cfg.Webhook.AllowHTTP)) {
		return fail("INVALID_PARAMS", field+" must be an absolute https URL of at most 2048 characters.", field)
	}
	return nil
}

// saveWebhook is E7 POST /v2/webhook-settings (spec §3.6).
func (s *Service) saveWebhook(w http.ResponseWriter, r *http.Request) error {
	var in map[string]any
	if de := httpx.DecodeJSON(w, r, 64<<10, &in); de != nil {
		if de.Status == http.StatusUnsupportedMediaType {
			return fail("UNSUPPORTED_MEDIA_TYPE", "The body must be application/json.")
		}
		return fail("MALFORMED_REQUEST_BODY", "The body is not one JSON object.")
	}
	var ws webhookSettings
	str := func(k string) (string, *apiError) {
		v, ok := in[k]
		if !ok || v == nil {
			return "", nil
		}
		sv, ok := v.(string)
		if !ok {
			return "", fail("INVALID_PARAMS", k+" must be a string.", k)
		}
		return sv, nil
	}
	known := map[string]*string{"callback_url": &ws.CallbackURL, "auth_username": &ws.AuthUsername, "auth_password": &ws.AuthPassword,
		"oauth_token_url": &ws.OAuthTokenURL, "oauth_client_id": &ws.OAuthClientID, "oauth_client_secret": &ws.OAuthClientSecret,
		"oauth_audience": &ws.OAuthAudience, "oauth_client_audience": &ws.OAuthClientAudience}
	var method string
	for k := range in {
		if p, ok := known[k]; ok {
			v, e := str(k)
			if e != nil {
				return e
			}
			*p = v
		} else if k == "auth_method" {
			v, e := str(k)
			if e != nil {
				return e
			}
			method = v
		} else {
			return fail("INVALID_PARAMS", "Unknown field "+k+".", k)
		}
	}
	if ws.CallbackURL == "" {
		return fail("API_REQUIRED_PARAMS_MISSING", "callback_url is required.", "callback_url")
	}
	var missing []string
	switch strings.ToLower(method) {
	case "":
		ws = webhookSettings{CallbackURL: ws.CallbackURL}
	case "basic auth":
		m := "Basic Auth"
		ws = webhookSettings{CallbackURL: ws.CallbackURL, AuthMethod: &m, AuthUsername: ws.AuthUsername, AuthPassword: ws.AuthPassword}
		for k, v := range map[string]string{"auth_username": ws.AuthUsername, "auth_password": ws.AuthPassword} {
			if v == "" {
				missing = append(missing, k)
			}
		}
	case "oauth2":
		m := "OAuth2"
		ws.AuthMethod, ws.AuthUsername, ws.AuthPassword = &m, "", ""
		for k, v := range map[string]string{"oauth_token_url": ws.OAuthTokenURL, "oauth_client_id": ws.OAuthClientID, "oauth_client_secret": ws.OAuthClientSecret} {
			if v == "" {
				missing = append(missing, k)
			}
		}
	default:
		return fail("INVALID_PARAMS", "auth_method must be OAuth2 or Basic Auth.", "auth_method")
	}
	if len(missing) > 0 {
		e := fail("API_REQUIRED_PARAMS_MISSING", missing[0]+" is required for this auth_method.", missing[0])
		for _, k := range missing[1:] {
			e.and("API_REQUIRED_PARAMS_MISSING", k+" is required for this auth_method.", k)
		}
		return e
	}
	if e := s.checkURL(ws.CallbackURL, "callback_url"); e != nil {
		return e
	}
	if ws.OAuthTokenURL != "" {
		if e := s.checkURL(ws.OAuthTokenURL, "oauth_token_url"); e != nil {
			return e
		}
	}
	b, _ := json.Marshal(ws)
	if err := s.st.NordigenPutWebhookSettings(r.Context(), clientOf(r.Context()).ID, b); err != nil {
		return err
	}
	s.oauth.Delete(clientOf(r.Context()).ID)
	writeJSON(w, 202, map[string]any{"data": map[string]any{"attributes": map[string]any{"success": true}, "type": "report processing record"}})
	return nil
}

func (s *Service) loadSettings(ctx context.Context, client string) (webhookSettings, error) {
	var ws webhookSettings
	b, err := s.st.NordigenWebhookSettings(ctx, client)
	if errors.Is(err, store.ErrNotFound) {
		return ws, fail("NOT_FOUND", "No webhook settings are saved for this client.")
	}
	if err != nil {
		return ws, err
	}
	return ws, json.Unmarshal(b, &ws)
}

// getWebhook is E8: the settings without secrets.
func (s *Service) getWebhook(w http.ResponseWriter, r *http.Request) error {
	ws, err := s.loadSettings(r.Context(), clientOf(r.Context()).ID)
	if err != nil {
		return err
	}
	writeJSON(w, 200, map[string]any{"data": map[string]any{"attributes": map[string]any{
		"callback_url": ws.CallbackURL, "auth_method": ws.AuthMethod, "auth_username": ws.AuthUsername,
		"oauth_token_url": ws.OAuthTokenURL, "oauth_client_id": ws.OAuthClientID, "oauth_audience": ws.OAuthAudience,
		"oauth_client_audience": ws.OAuthClientAudience}, "type": "webhook settings"}})
	return nil
}

// deleteWebhook is E9.
func (s *Service) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	err := s.st.NordigenDeleteWebhookSettings(r.Context(), clientOf(r.Context()).ID)
	if errors.Is(err, store.ErrNotFound) {
		return fail("NOT_FOUND", "No webhook settings are saved for this client.")
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// privateTarget reports whether host resolves to an address the operator
// has not allowed (spec §8.6): every address must lie in AllowedNets
// (default loopback), unless AllowPrivate lifts the restriction.
func (s *Service) privateTarget(ctx context.Context, host string) bool {
	if s.cfg.Webhook.AllowPrivate {
		return false
	}
	nets := s.cfg.Webhook.AllowedNets
	if len(nets) == 0 {
		nets = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, "ip", host)
	if err != nil || len(ips) == 0 {
		return true
	}
	for _, ip := range ips {
		ip = ip.Unmap()
		allowed := false
		for _, n := range nets {
			if n.Contains(ip) {
				allowed = true
				break
			}
		}
		if !allowed {
			return true
		}
	}
	return false
}

// runWebhook makes one delivery attempt of an event (spec §8.2–§8.5) and
// reschedules it through the job table, so a restart keeps pending
// deliveries.
func (s *Service) runWebhook(ctx context.Context, job store.Job) error {
	var ev webhookEvent
	if err := json.Unmarshal(job.Payload, &ev); err != nil {
		return s.st.FailJob(ctx, job.ID, "bad payload")
	}
	rec, err := s.st.NordigenRecord(ctx, ev.RequestID)
	if err != nil {
		return s.st.FailJob(ctx, job.ID, "record gone")
	}
	state := webhookState{Status: "pending"}
	json.Unmarshal(rec.Webhook, &state)
	attempt := job.Attempts
	record := func(status string, code int) {
		now := rfc3339(s.clock.Now())
		state.Status, state.Attempts, state.LastAttemptAt = status, attempt, &now
		if code > 0 {
			state.LastResponseStatus = &code
		}
		b, _ := json.Marshal(state)
		s.st.NordigenSetWebhookState(ctx, ev.RequestID, b)
	}
	ws, err := s.loadSettings(ctx, rec.ClientID)
	if err != nil {
		record("failed", 0)
		return s.st.FailJob(ctx, job.ID, "webhook settings deleted")
	}
	code, retryAfter, err := s.deliver(ctx, rec.ClientID, ws, ev, attempt)
	switch {
	case err == nil && code >= 200 && code < 300:
		record("delivered", code)
		return s.st.CompleteJob(ctx, job.ID)
	case err == nil && !retryable(code):
		record("failed", code)
		return s.st.FailJob(ctx, job.ID, fmt.Sprintf("permanent status %d", code))
	case attempt > len(s.cfg.Webhook.Schedule):
		record("failed", code)
		return s.st.FailJob(ctx, job.ID, "retries exhausted")
	}
	record("pending", code)
	delay := s.cfg.Webhook.Schedule[attempt-1]
	if retryAfter > 0 {
		delay = min(retryAfter, time.Hour)
	} else if j := s.cfg.Webhook.Jitter; j > 0 {
		delay = time.Duration(float64(delay) * (1 + j*(2*rand.Float64()-1)))
	}
	msg := "retry"
	if err != nil {
		msg = err.Error()
	}
	return s.st.RetryJob(ctx, job.ID, wallNow().Add(delay), msg)
}

func retryable(code int) bool {
	return code == 408 || code == 425 || code == 429 || code >= 500
}

var errPrivate = errors.New("target address not allowed")

func (s *Service) deliver(ctx context.Context, clientID string, ws webhookSettings, ev webhookEvent, attempt int) (int, time.Duration, error) {
	u, err := url.Parse(ws.CallbackURL)
	if err != nil {
		return 400, 0, nil
	}
	if s.privateTarget(ctx, u.Hostname()) {
		return 403, 0, nil // permanent: refused by the operator's rules
	}
	base := strings.TrimRight(s.cfg.BaseURL, "/") + s.prefix
	attrs := map[string]any{"request-id": ev.RequestID, "status": ev.Status, "operations": ev.Operations, "finished-at": ev.FinishedAt}
	if ev.Error != nil {
		attrs["error"] = ev.Error
	}
	now := s.clock.Now()
	body, _ := marshal(map[string]any{
		"data": map[string]any{"attributes": attrs, "relationships": map[string]any{"result": map[string]any{"links": map[string]string{
			"related": base + "/v2/report/" + ev.RequestID}}}, "type": "report processing result"},
		"meta": map[string]any{"event-id": ev.EventID, "attempt": attempt, "sent-at": rfc3339(now)},
	})
	secret := s.clients[clientID].Secret
	send := func(auth string) (*http.Response, error) {
		ts := strconv.FormatInt(now.Unix(), 10)
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(ts + "."))
		mac.Write(body)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, ws.CallbackURL, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "statement-analysis-webhook/1")
		req.Header.Set("X-Webhook-Id", ev.EventID)
		req.Header.Set("X-Webhook-Attempt", strconv.Itoa(attempt))
		req.Header.Set("X-Webhook-Timestamp", ts)
		req.Header.Set("X-Webhook-Signature", "v1="+hex.EncodeToString(mac.Sum(nil)))
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		return s.httpClient().Do(req)
	}
	auth := ""
	method := ""
	if ws.AuthMethod != nil {
		method = *ws.AuthMethod
	}
	switch method {
	case "Basic Auth":
		req, _ := http.NewRequest("GET", "http://x", nil)
		req.SetBasicAuth(ws.AuthUsername, ws.AuthPassword)
		auth = req.Header.Get("Authorization")
	case "OAuth2":
		tok, err := s.receiverToken(ctx, clientID, ws, false)
		if err != nil {
			return 0, 0, err
		}
		auth = "Bearer " + tok
	}
	resp, err := send(auth)
	if err != nil {
		return 0, 0, err
	}
	resp.Body.Close()
	if resp.StatusCode == 401 && method == "OAuth2" {
		tok, err := s.receiverToken(ctx, clientID, ws, true)
		if err != nil {
			return 0, 0, err
		}
		if resp, err = send("Bearer " + tok); err != nil {
			return 0, 0, err
		}
		resp.Body.Close()
	}
	var ra time.Duration
	if v := resp.Header.Get("Retry-After"); v != "" && (resp.StatusCode == 429 || resp.StatusCode == 503) {
		if n, err := strconv.Atoi(v); err == nil {
			ra = time.Duration(n) * time.Second
		} else if t, err := http.ParseTime(v); err == nil {
			ra = t.Sub(now)
		}
	}
	return resp.StatusCode, ra, nil
}

func (s *Service) httpClient() *http.Client {
	return &http.Client{Timeout: s.cfg.Webhook.Timeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type cachedToken struct {
	token   string
	expires time.Time
}

// receiverToken fetches (or reuses) the receiver's OAuth2 client
// credentials token (spec §8.4).
func (s *Service) receiverToken(ctx context.Context, clientID string, ws webhookSettings, refresh bool) (string, error) {
	if v, ok := s.oauth.Load(clientID); ok && !refresh {
		if ct := v.(cachedToken); wallNow().Add(60 * time.Second).Before(ct.expires) {
			return ct.token, nil
		}
	}
	u, err := url.Parse(ws.OAuthTokenURL)
	if err != nil || s.privateTarget(ctx, u.Hostname()) {
		return "", errPrivate
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {ws.OAuthClientID}, "client_secret": {ws.OAuthClientSecret}}
	if ws.OAuthAudience != "" {
		form.Set("audience", ws.OAuthAudience)
	}
	if ws.OAuthClientAudience != "" {
		form.Set("scope", ws.OAuthClientAudience)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ws.OAuthTokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := s.httpClient().Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var tr struct {
		AccessToken string  `json:"access_token"`
		ExpiresIn   float64 `json:"expires_in"`
	}
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&tr) != nil || tr.AccessToken == "" {
		return "", fmt.Errorf("receiver token endpoint answered %d", resp.StatusCode)
	}
	if tr.ExpiresIn <= 0 {
		tr.ExpiresIn = 3600
	}
	s.oauth.Store(clientID, cachedToken{tr.AccessToken, wallNow().Add(time.Duration(tr.ExpiresIn * float64(time.Second)))})
	return tr.AccessToken, nil
}
