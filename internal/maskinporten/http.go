package maskinporten

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
)

// Register mounts the public routes under prefix (e.g. "/maskinporten";
// "" for a dedicated listener whose issuer is the bare origin): the token
// endpoint, the JWKS, the metadata under the issuer and at the RFC 8414
// path-inserted URLs, and the error pages error_uri points to (spec:
// maskinporten.md §1.3).
func (s *Service) Register(mux *http.ServeMux, prefix string) {
	prefix = strings.TrimSuffix(prefix, "/")
	// Any method: the handler answers 405 in the token endpoint's own
	// error format (§2.4 step 1).
	mux.HandleFunc(prefix+"/token", s.handleToken)
	mux.HandleFunc("GET "+prefix+"/jwk", s.handleJWKS)
	mux.HandleFunc("GET "+prefix+"/.well-known/oauth-authorization-server", s.handleMetadata)
	mux.HandleFunc("GET "+prefix+"/.well-known/openid-configuration", s.handleMetadata)
	if prefix != "" {
		mux.HandleFunc("GET /.well-known/oauth-authorization-server"+prefix, s.handleMetadata)
		mux.HandleFunc("GET /.well-known/oauth-authorization-server"+prefix+"/{$}", s.handleMetadata)
	}
	mux.HandleFunc("GET "+prefix+"/errors/{code}", s.handleErrorPage)
}

// handleToken is the token endpoint (§2.1, §2.4).
func (s *Service) handleToken(w http.ResponseWriter, r *http.Request) {
	traceID := newTraceID()
	assertion, e := readTokenRequest(w, r)
	if e != nil {
		s.reject(r, e, traceID, exchangeInfo{})
		s.writeTokenError(w, e, traceID)
		return
	}
	resp, info, e := s.exchange(r.Context(), assertion)
	if e != nil {
		s.reject(r, e, traceID, info)
		s.writeTokenError(w, e, traceID)
		return
	}
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "maskinporten: token issued",
		slog.String("client_id", info.clientID), slog.String("consumer", resp.consumer),
		slog.String("scope", resp.Scope), slog.String("client_amr", info.amr),
		slog.String("token_jti", resp.jti), slog.Int64("expires_in", resp.ExpiresIn), slog.String("trace_id", traceID))
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	h.Set("X-Trace-Id", traceID)
	json.NewEncoder(w).Encode(resp)
}

// reject logs a refused token request: client id, reason and error code —
// never the assertion (§4.1, §11 check 40). client_id is the iss the
// assertion claimed; client_authenticated says whether the signature
// proved it.
func (s *Service) reject(r *http.Request, e *tokenError, traceID string, info exchangeInfo) {
	level := slog.LevelWarn
	if e.status >= 500 {
		level = slog.LevelError
	}
	s.log.LogAttrs(r.Context(), level, "maskinporten: token request rejected",
		slog.String("client_id", info.clientID), slog.Bool("client_authenticated", info.authenticated),
		slog.String("reason", e.reason),
		slog.String("error", e.code), slog.String("error_code", e.mp),
		slog.Int("status", e.status), slog.String("trace_id", traceID))
}

// metadata is the RFC 8414 document with the field set of §1.2.
type metadata struct {
	Issuer                             string   `json:"issuer"`
	TokenEndpoint                      string   `json:"token_endpoint"`
	JWKSURI                            string   `json:"jwks_uri"`
	TokenEndpointAuthMethods           []string `json:"token_endpoint_auth_methods_supported"`
	GrantTypes                         []string `json:"grant_types_supported"`
	TokenEndpointAuthSigningAlgs       []string `json:"token_endpoint_auth_signing_alg_values_supported"`
	AuthorizationDetailsTypesSupported []string `json:"authorization_details_types_supported"`
}

func (s *Service) handleMetadata(w http.ResponseWriter, r *http.Request) {
	writePublicJSON(w, metadata{
		Issuer: s.issuer, TokenEndpoint: s.TokenEndpoint(), JWKSURI: s.JWKSURI(),
		TokenEndpointAuthMethods:           []string{"private_key_jwt"},
		GrantTypes:                         []string{grantTypeJWTBearer},
		TokenEndpointAuthSigningAlgs:       []string{"RS256", "RS384", "RS512"},
		AuthorizationDetailsTypesSupported: []string{typeSystemUser},
	})
}

func (s *Service) handleJWKS(w http.ResponseWriter, r *http.Request) {
	writePublicJSON(w, map[string]any{"keys": s.keys.jwks()})
}

// writePublicJSON writes a cacheable public document.
func writePublicJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	json.NewEncoder(w).Encode(v)
}

// errorPages explains the MP codes error_uri points to (§4.2).
var errorPages = map[string]string{
	"MP-011": "Invalid assertion: a parameter or claim has an invalid value (also: exp - iat exceeds 120 seconds).",
	"MP-012": "The grant (its jti, or the whole assertion when it has no jti) has been used before. Build a new grant for every request.",
	"MP-100": "Client authentication failed: the client in iss does not exist or is not active.",
	"MP-110": "The aud claim does not name this issuer. Use the issuer identifier from the metadata document.",
	"MP-120": "The certificate in x5c is not trusted here, not valid now, or revoked.",
	"MP-121": "The registered key has expired (keys live one year from upload). Upload a new key.",
	"MP-122": "The organisation number in the certificate differs from the client's owner.",
	"MP-123": "The x5c header is missing or malformed: it must be a JSON array of base64 (not base64url) DER certificates, signer first.",
	"MP-124": "The signature does not verify, or the algorithm is not RS256, RS384 or RS512.",
	"MP-130": "The grant is expired, was issued too long ago, or is not yet valid.",
	"MP-200": "A requested scope is not registered on the client.",
	"MP-201": "A requested scope may not be used by Maskinporten clients.",
	"MP-250": "The consumer organisation has not been granted access to the scope.",
	"MP-251": "The consumer has not delegated the scope to the supplier (or the scope cannot be delegated).",
	"MP-301": "Unknown authorization_details type; only urn:altinn:systemuser is supported.",
	"MP-302": "Unknown fields in authorization_details.",
	"MP-303": "Invalid authorization_details values, or no approved system user for the client's system and the customer.",
}

func (s *Service) handleErrorPage(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	text, ok := errorPages[code]
	if !ok {
		http.NotFound(w, r)
		return
	}
	writePublicJSON(w, map[string]string{"code": code, "description": text})
}
