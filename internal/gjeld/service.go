package gjeld

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"github.com/namsfogd/namsfogd/internal/rsakeys"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// DefaultPrefix is the base path the API is mounted under by default.
const DefaultPrefix = "/gjeld"

// Config holds the service's dependencies.
type Config struct {
	// Store is the database (implemented by *sqlstore.DB).
	Store model.Storage
	// Clock is the world clock; every "now" comes from it.
	Clock *world.Clock
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// BaseURL is the public URL of the server, like "http://localhost:8080";
	// the issuer, endpoints and audience aliases derive from it and the
	// prefix given to Register.
	BaseURL string
}

// Service is the Norsk Gjeldsinformasjon API.
type Service struct {
	store  model.Storage
	clock  *world.Clock
	log    *slog.Logger
	base   string // BaseURL without a trailing slash
	prefix string // mount path, set by Register

	key     *rsa.PrivateKey
	kid     string
	macKey  []byte // signs opaque tokens, login sessions and flow state
	subSalt []byte // pairwise subject key
}

// New returns the service. It loads the persisted ID-token signing key,
// creating it on first start.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Clock == nil {
		return nil, errors.New("gjeld: Store and Clock are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Service{store: cfg.Store, clock: cfg.Clock, log: cfg.Logger,
		base: strings.TrimRight(cfg.BaseURL, "/"), prefix: DefaultPrefix}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.loadKey(ctx); err != nil {
		return nil, fmt.Errorf("gjeld: signing key: %w", err)
	}
	return s, nil
}

// loadKey reads the signing key, generating and storing one if none
// exists; when processes race, the first stored key wins for all.
func (s *Service) loadKey(ctx context.Context) error {
	k, err := s.store.GjeldEnsureKey(ctx, model.SigningKey{})
	if errors.Is(err, store.ErrNotFound) {
		priv, gerr := rsakeys.New(2048)
		if gerr != nil {
			return gerr
		}
		der, _ := x509.MarshalPKCS8PrivateKey(priv)
		sum := sha256.Sum256(der)
		k, err = s.store.GjeldEnsureKey(ctx, model.SigningKey{
			KID:        "gjeld-" + hex.EncodeToString(sum[:8]),
			PrivatePEM: string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
			Created:    s.clock.Now(),
		})
	}
	if err != nil {
		return err
	}
	block, _ := pem.Decode([]byte(k.PrivatePEM))
	if block == nil {
		return errors.New("stored key is not PEM")
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return err
	}
	priv, ok := parsed.(*rsa.PrivateKey)
	if !ok {
		return errors.New("stored key is not RSA")
	}
	s.key, s.kid = priv, k.KID
	mac := hmac.New(sha256.New, block.Bytes)
	mac.Write([]byte("gjeld opaque tokens"))
	s.macKey = mac.Sum(nil)
	mac.Reset()
	mac.Write([]byte("gjeld pairwise subject"))
	s.subSalt = mac.Sum(nil)
	return nil
}

// jwks returns the public signing key set. spec: gjeldsinformasjon.md §5.7
func (s *Service) jwks() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key: &s.key.PublicKey, KeyID: s.kid, Use: "sig", Algorithm: string(jose.RS256),
	}}}
}

var b64 = base64.RawURLEncoding

// sign returns base64url(HMAC-SHA256(macKey, label, msg)).
func (s *Service) sign(label, msg string) string {
	m := hmac.New(sha256.New, s.macKey)
	m.Write([]byte(label))
	m.Write([]byte{0})
	m.Write([]byte(msg))
	return b64.EncodeToString(m.Sum(nil))
}

// newOpaque returns a new opaque value "<43>.<43>" (32 random bytes and
// their HMAC, unpadded base64url, like the documented tokens and codes)
// and the hash under which it is stored. spec: gjeldsinformasjon.md §5.6
func (s *Service) newOpaque(label string) (value, hash string) {
	r := make([]byte, 32)
	rand.Read(r)
	a := b64.EncodeToString(r)
	value = a + "." + s.sign(label, a)
	return value, hashOpaque(value)
}

func hashOpaque(v string) string {
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:])
}

// checkOpaque reports whether v is a well-formed value this server made.
func (s *Service) checkOpaque(label, v string) bool {
	a, m, ok := strings.Cut(v, ".")
	return ok && len(a) == 43 && hmac.Equal([]byte(m), []byte(s.sign(label, a)))
}

// Canonical audiences of the resource APIs and their paths.
// spec: gjeldsinformasjon.md §3, §5.3
const (
	audDebt      = "debt"
	audAgreement = "agreement"
	audFeed      = "feed"
)

var audiencePaths = map[string]string{
	audDebt:      "/v1/debt",
	audAgreement: "/v1/consent/agreement",
	audFeed:      "/feed/v1/consent",
}

// audience maps an audience string to its canonical name: the real
// pre-production and production audiences and our own URL are aliases.
func (s *Service) audience(a string) (string, bool) {
	for name, p := range audiencePaths {
		if a == "https://api-preprod.norskgjeld.no"+p || a == "https://api.norskgjeld.no"+p || a == s.url(p) {
			return name, true
		}
	}
	return "", false
}

// url returns the public URL of a path under the mount prefix.
func (s *Service) url(path string) string { return s.base + s.prefix + path }

// issuer is the discovery issuer, with a trailing slash like the real one.
func (s *Service) issuer() string { return s.url("/") }

// Register mounts the public routes under prefix (e.g. "/gjeld").
func (s *Service) Register(mux *http.ServeMux, prefix string) {
	s.prefix = strings.TrimRight(prefix, "/")
	p := s.prefix
	// Authorization server. spec: gjeldsinformasjon.md §5
	mux.HandleFunc("GET "+p+"/.well-known/openid-configuration", s.discovery)
	mux.HandleFunc("GET "+p+"/.well-known/jwks.json", s.jwksHandler)
	mux.HandleFunc("GET "+p+"/oauth2/auth", s.page(s.authorize))
	mux.HandleFunc("POST "+p+"/oauth2/token", s.oauth(s.token))
	mux.HandleFunc("POST "+p+"/oauth2/revoke", s.oauth(s.revoke))
	mux.HandleFunc("GET "+p+"/userinfo", s.userinfo)
	mux.HandleFunc("POST "+p+"/userinfo", s.userinfo)
	mux.HandleFunc("GET "+p+"/oauth2/sessions/logout", s.page(s.logout))
	mux.HandleFunc("GET "+p+"/login", s.page(s.loginPage))
	mux.HandleFunc("POST "+p+"/login", s.page(s.login))
	mux.HandleFunc("POST "+p+"/consent", s.page(s.consentDecision))
	// Resource API. spec: gjeldsinformasjon.md §6
	mux.HandleFunc("PUT "+p+"/v1/consent/agreement", s.spring(s.createAgreement))
	mux.HandleFunc("GET "+p+"/v1/debt", s.debt(s.getDebtWithToken))
	mux.HandleFunc("GET "+p+"/v1/debt/{id}", s.debt(s.getDebtWithConsentID))
	mux.HandleFunc("DELETE "+p+"/v1/debt/{id}", s.debt(s.revokeConsent))
	mux.HandleFunc("GET "+p+"/v1/debt/{id}/status", s.debt(s.consentStatus))
	mux.HandleFunc("GET "+p+"/feed/v1/consent", s.spring(s.feed))
	mux.HandleFunc("GET "+p+"/feed/v1/consent/lastSequenceNr", s.spring(s.lastSequenceNr))
	mux.HandleFunc("GET "+p+"/feed/v1/consent/firstSequenceNr", s.spring(s.firstSequenceNr))
	// The person's portal. spec: gjeldsinformasjon.md §13 item 21
	mux.HandleFunc("GET "+p+"/min-gjeld", s.page(s.portal))
	mux.HandleFunc("POST "+p+"/min-gjeld/consents/{id}/withdraw", s.page(s.portalWithdraw))
	mux.HandleFunc("GET "+p+"/demo/callback", s.page(s.demoCallback))
	mux.HandleFunc(p+"/", s.fallback(mux, p+"/"))
}

// fallback answers what no route takes: a known path with another
// method gets 405 with Allow, anything else 404, each in the error format
// of its API family (spec: gjeldsinformasjon.md §13 item 6).
func (s *Service) fallback(mux *http.ServeMux, pattern string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		status, msg := http.StatusNotFound, "No such endpoint: "+r.URL.Path
		if allow := httpx.AllowedMethods(mux, r, pattern); len(allow) > 0 {
			status, msg = http.StatusMethodNotAllowed, r.Method+" is not allowed here; use "+strings.Join(allow, ", ")
			w.Header().Set("Allow", strings.Join(allow, ", "))
		}
		rel := strings.TrimPrefix(r.URL.Path, s.prefix)
		switch {
		case strings.HasPrefix(rel, "/v1/debt"):
			s.debt(func(http.ResponseWriter, *http.Request) error {
				return debtErr(status, strings.ToLower(http.StatusText(status)), msg)
			})(w, r)
		case strings.HasPrefix(rel, "/oauth2/token"), strings.HasPrefix(rel, "/oauth2/revoke"):
			s.oauth(func(http.ResponseWriter, *http.Request) error {
				return oauthErr(status, "invalid_request", msg)
			})(w, r)
		default:
			s.spring(func(http.ResponseWriter, *http.Request) error { return springErr(status, msg) })(w, r)
		}
	}
}

// Run appends SAMTYKKE_ARKIVERT events for consents whose expiry has
// passed, every few seconds, until ctx is done. Expiry itself is decided
// on every request; this only feeds the feed (spec: §7 T5).
func (s *Service) Run(ctx context.Context) error {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			if err := s.sweep(ctx); err != nil && ctx.Err() == nil {
				s.log.ErrorContext(ctx, "gjeld: expiry sweep", "err", err)
			}
		}
	}
}

// sweep archives every consent whose expiry has passed.
func (s *Service) sweep(ctx context.Context) error {
	for {
		n, err := s.store.GjeldArchiveExpired(ctx, s.clock.Now(), 200, httpx.NewUUID)
		if err != nil || n < 200 {
			return err
		}
	}
}
