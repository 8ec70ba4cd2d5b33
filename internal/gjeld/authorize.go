package gjeld

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
	"github.com/namsfogd/namsfogd/internal/store"
)

// authRequest is a validated /oauth2/auth request, carried through the
// login and consent pages signed, so no server state is needed until the
// person accepts.
type authRequest struct {
	ClientID    string    `json:"c"`
	RedirectURI string    `json:"r"`
	Scope       AuthScope `json:"s"`
	State       string    `json:"st"`
	Nonce       string    `json:"n,omitempty"`
	Challenge   string    `json:"cc,omitempty"`
	Method      string    `json:"cm,omitempty"`
	Fragment    bool      `json:"f,omitempty"`
	Expires     int64     `json:"e"`
}

const labelAuthRequest = "auth request"

func queryEscape(s string) string { return url.QueryEscape(s) }

func (s *Service) encodeRequest(a authRequest) string {
	b, _ := json.Marshal(a)
	v := b64.EncodeToString(b)
	return v + "." + s.sign(labelAuthRequest, v)
}

func (s *Service) decodeRequest(v string) (authRequest, bool) {
	var a authRequest
	body, mac, ok := strings.Cut(v, ".")
	if !ok || mac != s.sign(labelAuthRequest, body) {
		return a, false
	}
	b, err := b64.DecodeString(body)
	if err != nil || json.Unmarshal(b, &a) != nil || s.clock.Now().Unix() > a.Expires {
		return a, false
	}
	return a, true
}

// clientsFor returns the client named by the request's client_id, if any.
func (s *Service) clientsFor(r *http.Request) []model.Client {
	c, err := s.store.GjeldGetClient(r.Context(), r.URL.Query().Get("client_id"))
	if err != nil {
		return nil
	}
	return []model.Client{c}
}

// redirectError sends the browser back to the client with an error.
// spec: gjeldsinformasjon.md §5.2 (error_description present even when empty)
func redirectError(w http.ResponseWriter, r *http.Request, uri string, fragment bool, code, desc, state string) error {
	params := [][2]string{{"error", code}, {"error_description", desc}}
	if state != "" {
		params = append(params, [2]string{"state", state})
	}
	http.Redirect(w, r, addParams(uri, fragment, params), http.StatusFound)
	return nil
}

// authorize is GET /oauth2/auth. spec: gjeldsinformasjon.md §5.2, §13 item 10
func (s *Service) authorize(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	c, err := s.store.GjeldGetClient(r.Context(), q.Get("client_id"))
	if errors.Is(err, store.ErrNotFound) {
		return pageErr(http.StatusBadRequest, "Ukjent klient", "The client_id is not registered.")
	}
	if err != nil {
		return err
	}
	merged, roErr := s.withRequestObject(r.Context(), q, c.ID)
	if roErr == nil {
		q = merged
	}
	redirect := q.Get("redirect_uri")
	if redirect == "" || !contains(c.RedirectURIs, redirect) {
		return pageErr(http.StatusBadRequest, "Ugyldig redirect_uri",
			"The redirect_uri is missing or not registered for this client (exact match is required).")
	}
	if roErr != nil {
		return redirectError(w, r, redirect, q.Get("response_mode") == "fragment", "invalid_request_object", roErr.Error(), q.Get("state"))
	}
	state := q.Get("state")
	fragment := false
	switch q.Get("response_mode") {
	case "", "query":
	case "fragment":
		fragment = true
	default:
		return redirectError(w, r, redirect, false, "invalid_request", "response_mode must be query or fragment", state)
	}
	if q.Get("request_uri") != "" {
		return redirectError(w, r, redirect, fragment, "request_uri_not_supported", "request_uri is not supported", state)
	}
	if q.Get("response_type") != "code" {
		return redirectError(w, r, redirect, fragment, "unsupported_response_type", "response_type must be code", state)
	}
	if state == "" {
		return redirectError(w, r, redirect, fragment, "invalid_request", "the state parameter is required", "")
	}
	sc, err := ParseAuthScope(q.Get("scope"))
	if err == nil && !c.HasPurpose(sc.Purpose) {
		err = errors.New("the client is not registered for " + sc.Purpose)
	}
	if err != nil {
		return redirectError(w, r, redirect, fragment, "invalid_scopes", err.Error(), state)
	}
	a := authRequest{ClientID: c.ID, RedirectURI: redirect, Scope: sc, State: state, Nonce: q.Get("nonce"),
		Challenge: q.Get("code_challenge"), Fragment: fragment, Expires: s.clock.Now().Add(30 * time.Minute).Unix()}
	if a.Challenge != "" {
		switch m := q.Get("code_challenge_method"); m {
		case "", "plain":
			a.Method = "plain"
		case "S256":
			a.Method = m
		default:
			return redirectError(w, r, redirect, fragment, "invalid_request", "code_challenge_method must be S256 or plain", state)
		}
	}
	// A person already logged in in this browser goes straight to the
	// consent page, unless the client asks for a new login. prompt=none
	// can never succeed: a consent always needs the person's answer.
	data := pageData{Title: "Logg inn", Request: s.encodeRequest(a), Client: c}
	nin, loggedIn := s.session(r)
	prompts := strings.Fields(q.Get("prompt"))
	switch {
	case contains(prompts, "none") && !loggedIn:
		return redirectError(w, r, redirect, fragment, "login_required", "the person is not logged in", state)
	case contains(prompts, "none"):
		return redirectError(w, r, redirect, fragment, "consent_required", "the person must accept the consent", state)
	case loggedIn && !contains(prompts, "login"):
		data.NIN, data.Title, data.Purpose, data.Duration = nin, "Samtykke", sc.Purpose, durationWords(sc)
		return s.render(w, http.StatusOK, "consent", data)
	}
	return s.render(w, http.StatusOK, "login", data)
}

// loginPage is GET /login, the portal's way in.
func (s *Service) loginPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, http.StatusOK, "login", pageData{Title: "Logg inn", Next: "portal"})
}

// login is POST /login: the simulated ID-porten with TestID (NIN only)
// and BankID (NIN, one-time code "otp", password "qwer1234").
// spec: gjeldsinformasjon.md R16, R17, §13 item 11
func (s *Service) login(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return pageErr(http.StatusBadRequest, "Ugyldig skjema", "The form could not be read.")
	}
	f := r.PostForm
	data := pageData{Title: "Logg inn", Next: f.Get("next"), Request: f.Get("req"), NIN: f.Get("nin"), Method: f.Get("method")}
	var a authRequest
	if data.Request != "" {
		var ok bool
		if a, ok = s.decodeRequest(data.Request); !ok {
			return pageErr(http.StatusBadRequest, "Utløpt forespørsel", "The login request is invalid or has expired; start again from the service you came from.")
		}
		c, err := s.store.GjeldGetClient(r.Context(), a.ClientID)
		if err != nil {
			return err
		}
		data.Client = c
	}
	if f.Get("action") == "cancel" {
		if data.Request != "" {
			return redirectError(w, r, a.RedirectURI, a.Fragment, "login_cancelled", "", a.State)
		}
		return s.render(w, http.StatusOK, "message", pageData{Title: "Avbrutt", Message: "Innloggingen ble avbrutt."})
	}
	nin := strings.TrimSpace(f.Get("nin"))
	if msg := validateLoginNIN(nin); msg != "" {
		data.Error = msg
		return s.render(w, http.StatusOK, "login", data)
	}
	if data.Method == "bankid" && (f.Get("otp") != "otp" || f.Get("password") != "qwer1234") {
		data.Error = "Feil engangskode eller passord (testbrukere: engangskode otp, passord qwer1234)."
		return s.render(w, http.StatusOK, "login", data)
	}
	s.setSession(w, nin)
	if data.Request == "" {
		http.Redirect(w, r, s.prefix+"/min-gjeld", http.StatusSeeOther)
		return nil
	}
	data.NIN, data.Title, data.Purpose, data.Duration = nin, "Samtykke", a.Scope.Purpose, durationWords(a.Scope)
	return s.render(w, http.StatusOK, "consent", data)
}

// consentDecision is POST /consent: accept creates the consent and the
// code; decline redirects with consent_denied. spec: §5.2, §7 T1
func (s *Service) consentDecision(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return pageErr(http.StatusBadRequest, "Ugyldig skjema", "The form could not be read.")
	}
	a, ok := s.decodeRequest(r.PostForm.Get("req"))
	if !ok {
		return pageErr(http.StatusBadRequest, "Utløpt forespørsel", "The consent request is invalid or has expired; start again from the service you came from.")
	}
	nin, ok := s.session(r)
	if !ok {
		return pageErr(http.StatusBadRequest, "Ikke innlogget", "Your login session has expired; start again from the service you came from.")
	}
	if r.PostForm.Get("action") != "accept" {
		return redirectError(w, r, a.RedirectURI, a.Fragment, "consent_denied", "", a.State)
	}
	now := s.clock.Now().Truncate(time.Second)
	c := model.Consent{ID: newUUID(), ClientID: a.ClientID, NIN: nin, Purpose: a.Scope.Purpose, SingleUse: a.Scope.SingleUse,
		DurationDays: a.Scope.Days, Origin: model.OriginRegular, Created: now, Expires: consentExpiry(now, a.Scope.Days)}
	if _, _, err := s.store.GjeldCreateConsent(r.Context(), c, model.FeedEvent{EventID: newUUID(), Occurred: now, Appended: now},
		s.audit(r, "consent.create", a.ClientID, nin, c.ID, "accepted", map[string]any{"origin": c.Origin, "purpose": c.Purpose})); err != nil {
		return err
	}
	value, hash := s.newOpaque(labelCode)
	if err := s.store.GjeldPutCode(r.Context(), model.Code{Hash: hash, ClientID: a.ClientID, RedirectURI: a.RedirectURI,
		ConsentID: c.ID, NIN: nin, Scope: a.Scope.Granted(), Nonce: a.Nonce, Challenge: a.Challenge, Method: a.Method,
		AuthTime: now, Expires: now.Add(codeLifetime)}); err != nil {
		return err
	}
	http.Redirect(w, r, addParams(a.RedirectURI, a.Fragment,
		[][2]string{{"code", value}, {"scope", a.Scope.Granted()}, {"state", a.State}}), http.StatusFound)
	return nil
}

// consentExpiry is 10 minutes for a single-use consent, else days × 24 h.
func consentExpiry(now time.Time, days int) time.Time {
	if days == 0 {
		return now.Add(singleUseWindow)
	}
	return now.Add(time.Duration(days) * 24 * time.Hour)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// durationWords describes a consent's duration on the consent page.
func durationWords(a AuthScope) string {
	if a.SingleUse {
		return "Engangs: gjelden hentes én gang, innen 10 minutter"
	}
	if a.Days == 1 {
		return "1 dag"
	}
	return strconv.Itoa(a.Days) + " dager"
}
