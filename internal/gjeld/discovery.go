package gjeld

import (
	"net/http"
	"strings"
)

// openIDConfiguration has exactly the 21 members of the documented
// pre-production document, in its order. spec: gjeldsinformasjon.md §5.1
type openIDConfiguration struct {
	Issuer                                 string   `json:"issuer"`
	AuthorizationEndpoint                  string   `json:"authorization_endpoint"`
	TokenEndpoint                          string   `json:"token_endpoint"`
	JWKSURI                                string   `json:"jwks_uri"`
	SubjectTypesSupported                  []string `json:"subject_types_supported"`
	ResponseTypesSupported                 []string `json:"response_types_supported"`
	ClaimsSupported                        []string `json:"claims_supported"`
	GrantTypesSupported                    []string `json:"grant_types_supported"`
	ResponseModesSupported                 []string `json:"response_modes_supported"`
	UserinfoEndpoint                       string   `json:"userinfo_endpoint"`
	ScopesSupported                        []string `json:"scopes_supported"`
	TokenEndpointAuthMethodsSupported      []string `json:"token_endpoint_auth_methods_supported"`
	UserinfoSigningAlgValuesSupported      []string `json:"userinfo_signing_alg_values_supported"`
	IDTokenSigningAlgValuesSupported       []string `json:"id_token_signing_alg_values_supported"`
	RequestParameterSupported              bool     `json:"request_parameter_supported"`
	RequestURIParameterSupported           bool     `json:"request_uri_parameter_supported"`
	RequireRequestURIRegistration          bool     `json:"require_request_uri_registration"`
	ClaimsParameterSupported               bool     `json:"claims_parameter_supported"`
	RevocationEndpoint                     string   `json:"revocation_endpoint"`
	EndSessionEndpoint                     string   `json:"end_session_endpoint"`
	RequestObjectSigningAlgValuesSupported []string `json:"request_object_signing_alg_values_supported"`
}

func (s *Service) discovery(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, openIDConfiguration{
		Issuer:                                 s.issuer(),
		AuthorizationEndpoint:                  s.url("/oauth2/auth"),
		TokenEndpoint:                          s.url("/oauth2/token"),
		JWKSURI:                                s.url("/.well-known/jwks.json"),
		SubjectTypesSupported:                  []string{"pairwise"},
		ResponseTypesSupported:                 []string{"code"},
		ClaimsSupported:                        []string{"sub"},
		GrantTypesSupported:                    []string{"authorization_code", "client_credentials"},
		ResponseModesSupported:                 []string{"query", "fragment"},
		UserinfoEndpoint:                       s.url("/userinfo"),
		ScopesSupported:                        []string{"openid"},
		TokenEndpointAuthMethodsSupported:      []string{"client_secret_basic"},
		UserinfoSigningAlgValuesSupported:      []string{"none", "RS256"},
		IDTokenSigningAlgValuesSupported:       []string{"RS256"},
		RequestParameterSupported:              true,
		RequestURIParameterSupported:           true,
		RequireRequestURIRegistration:          true,
		ClaimsParameterSupported:               false,
		RevocationEndpoint:                     s.url("/oauth2/revoke"),
		EndSessionEndpoint:                     s.url("/oauth2/sessions/logout"),
		RequestObjectSigningAlgValuesSupported: []string{"RS256", "none"},
	})
}

func (s *Service) jwksHandler(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.jwks())
}

// userinfo answers {"sub"} for a code-grant token of a flow with openid.
// spec: gjeldsinformasjon.md §5.7
func (s *Service) userinfo(w http.ResponseWriter, r *http.Request) {
	t, missing, problem, err := s.bearerToken(r.Context(), r)
	if err != nil {
		s.unexpected(r, err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "server_error"})
		return
	}
	if missing || problem != "" || !t.OpenID {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"sub": s.pairwiseSub(t.ClientID, t.NIN)})
}

// logout ends the login session; it redirects only to a URI registered
// for the client. spec: gjeldsinformasjon.md §5.7
func (s *Service) logout(w http.ResponseWriter, r *http.Request) error {
	s.clearSession(w)
	q := r.URL.Query()
	if uri := q.Get("post_logout_redirect_uri"); uri != "" {
		for _, c := range s.clientsFor(r) {
			for _, reg := range c.RedirectURIs {
				if reg == uri {
					if st := q.Get("state"); st != "" {
						uri = addParams(uri, false, [][2]string{{"state", st}})
					}
					http.Redirect(w, r, uri, http.StatusFound)
					return nil
				}
			}
		}
	}
	return s.render(w, http.StatusOK, "message", pageData{Title: "Logget ut", Message: "Du er logget ut av Norsk Gjeldsinformasjon."})
}

// addParams appends parameters in order (values escaped, empty values
// kept, so "error_description=" is present) to the query or fragment.
func addParams(uri string, fragment bool, params [][2]string) string {
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(queryEscape(p[0]))
		b.WriteByte('=')
		b.WriteString(queryEscape(p[1]))
	}
	sep := "?"
	if fragment {
		sep = "#"
	} else if strings.Contains(uri, "?") {
		sep = "&"
	}
	return uri + sep + b.String()
}
