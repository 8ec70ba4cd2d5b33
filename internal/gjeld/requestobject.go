package gjeld

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-jose/go-jose/v4"

	"github.com/namsfogd/namsfogd/internal/store"
)

// Request objects (spec: gjeldsinformasjon.md §5.2, §13 item 10): the
// authorization request's parameters as claims of a JWT in the request
// parameter, unsigned (alg none) or signed RS256 with a key registered
// for the client through the operator API. Claims override the query
// parameters; client_id, when a claim, must equal the query's.

// requestObjectParams are the parameters a request object may carry.
var requestObjectParams = []string{"response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
	"response_mode", "code_challenge", "code_challenge_method", "prompt", "ui_locales"}

// withRequestObject returns q with the request object's claims applied;
// an error is an invalid_request_object.
func (s *Service) withRequestObject(ctx context.Context, q url.Values, clientID string) (url.Values, error) {
	raw := q.Get("request")
	if raw == "" {
		return q, nil
	}
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, errors.New("the request object is not a compact JWT")
	}
	var hdr struct {
		Alg string `json:"alg"`
	}
	hb, err := b64.DecodeString(parts[0])
	if err != nil || json.Unmarshal(hb, &hdr) != nil {
		return nil, errors.New("the request object's header is not base64url JSON")
	}
	var payload []byte
	switch hdr.Alg {
	case "none":
		if parts[2] != "" {
			return nil, errors.New("an unsigned request object must have an empty signature")
		}
		if payload, err = b64.DecodeString(parts[1]); err != nil {
			return nil, errors.New("the request object's claims are not base64url")
		}
	case "RS256":
		keys, err := s.clientKeys(ctx, clientID)
		if err != nil {
			return nil, err
		}
		jws, err := jose.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
		if err != nil {
			return nil, fmt.Errorf("the request object cannot be parsed: %v", err)
		}
		for _, k := range keys {
			if kid := jws.Signatures[0].Header.KeyID; kid != "" && k.KeyID != "" && kid != k.KeyID {
				continue
			}
			if payload, err = jws.Verify(k.Key); err == nil {
				break
			}
		}
		if payload == nil {
			return nil, errors.New("the request object's signature matches no key registered for the client")
		}
	default:
		return nil, fmt.Errorf("request objects must use alg none or RS256, not %q", hdr.Alg)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		return nil, errors.New("the request object's claims are not a JSON object")
	}
	if c, ok := claims["client_id"]; ok && c != clientID {
		return nil, errors.New("the request object's client_id differs from the query's")
	}
	out := url.Values{}
	for k, v := range q {
		out[k] = v
	}
	for _, k := range requestObjectParams {
		if v, ok := claims[k].(string); ok {
			out.Set(k, v)
		}
	}
	return out, nil
}

// settingClientKeys names the setting that holds a client's JWKS.
func settingClientKeys(clientID string) string { return "gjeld.client-jwks." + clientID }

// clientKeys returns the RSA keys registered for the client.
func (s *Service) clientKeys(ctx context.Context, clientID string) ([]jose.JSONWebKey, error) {
	b, err := s.store.GetSetting(ctx, settingClientKeys(clientID))
	if errors.Is(err, store.ErrNotFound) {
		return nil, errors.New("no key is registered for the client, so only unsigned (alg none) request objects are accepted")
	}
	if err != nil {
		return nil, err
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(b, &set); err != nil {
		return nil, err
	}
	return set.Keys, nil
}

// adminClientKeys is PUT /clients/{id}/jwks: the client's public keys
// for signed request objects, as a JWKS of RSA keys (replaces any).
func (s *Service) adminClientKeys(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if _, err := s.store.GjeldGetClient(r.Context(), id); err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		return badField("keys", "the body must be a JWKS of at most 64 KiB")
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(body, &set); err != nil || len(set.Keys) == 0 {
		return badField("keys", "the body must be a JWKS with at least one key")
	}
	for i, k := range set.Keys {
		if _, ok := k.Key.(*rsa.PublicKey); !ok || !k.Valid() {
			return badField("keys", fmt.Sprintf("key %d is not an RSA public key", i))
		}
	}
	pub, _ := json.Marshal(set)
	if err := s.store.PutSetting(r.Context(), settingClientKeys(id), pub); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"client_id": id, "keys": len(set.Keys)})
	return nil
}
