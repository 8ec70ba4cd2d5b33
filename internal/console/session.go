package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Cookie names. Both are HttpOnly, SameSite=Strict and scoped to the
// console's path.
const (
	sessionCookie = "namsfogd_console"
	flashCookie   = "namsfogd_console_flash"
)

// sessionLifetime is how long a sign-in lasts, by the wall clock.
const sessionLifetime = 12 * time.Hour

// session is a signed-in browser. The console keeps no session state:
// the cookie carries an expiry and a random nonce, signed with a key
// derived from the operator token, so every process that shares the
// token accepts it, a new token ends every session, and the CSRF token
// is derived from the nonce.
type session struct {
	nonce   string
	expires time.Time
}

// sessionKey derives the signing key from the operator token.
func sessionKey(operatorToken string) []byte {
	m := hmac.New(sha256.New, []byte(operatorToken))
	m.Write([]byte("namsfogd console session v1"))
	return m.Sum(nil)
}

func (c *Console) mac(parts ...string) string {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(strings.Join(parts, "|")))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// tokenMatches compares a typed token with the operator token in
// constant time.
func (c *Console) tokenMatches(typed string) bool {
	a := sha256.Sum256([]byte(strings.TrimSpace(typed)))
	b := sha256.Sum256([]byte(c.cfg.OperatorToken))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1 && c.cfg.OperatorToken != ""
}

// newSession signs a fresh session and sets its cookie. The cookie has
// no Max-Age: it ends with the browser session, or at the expiry inside.
func (c *Console) newSession(w http.ResponseWriter) session {
	var b [16]byte
	rand.Read(b[:])
	s := session{nonce: hex.EncodeToString(b[:]), expires: c.cfg.Now().Add(sessionLifetime)}
	exp := strconv.FormatInt(s.expires.Unix(), 10)
	c.setCookie(w, sessionCookie, "v1."+exp+"."+s.nonce+"."+c.mac("session", exp, s.nonce), 0)
	return s
}

// session returns the request's valid session.
func (c *Console) session(r *http.Request) (session, bool) {
	ck, err := r.Cookie(sessionCookie)
	if err != nil {
		return session{}, false
	}
	parts := strings.Split(ck.Value, ".")
	if len(parts) != 4 || parts[0] != "v1" {
		return session{}, false
	}
	exp, nonce, sig := parts[1], parts[2], parts[3]
	if !hmac.Equal([]byte(sig), []byte(c.mac("session", exp, nonce))) {
		return session{}, false
	}
	n, err := strconv.ParseInt(exp, 10, 64)
	if err != nil {
		return session{}, false
	}
	s := session{nonce: nonce, expires: time.Unix(n, 0)}
	if !c.cfg.Now().Before(s.expires) {
		return session{}, false
	}
	return s, true
}

// csrf is the session's anti-forgery token, sent in every form.
func (c *Console) csrf(s session) string { return c.mac("csrf", s.nonce) }

// csrfValid checks a form's token against the session.
func (c *Console) csrfValid(r *http.Request, s session) bool {
	got := r.PostFormValue("csrf")
	return got != "" && hmac.Equal([]byte(got), []byte(c.csrf(s)))
}

// endSession clears the session cookie.
func (c *Console) endSession(w http.ResponseWriter) { c.setCookie(w, sessionCookie, "", -1) }

func (c *Console) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: c.prefix + "/", MaxAge: maxAge,
		HttpOnly: true, Secure: c.cfg.SecureCookies, SameSite: http.SameSiteStrictMode})
}

// flash is a one-time message shown on the page a POST redirects to. It
// never holds a secret.
type flash struct {
	Kind string // "ok" or "error"
	Text string
}

func (c *Console) setFlash(w http.ResponseWriter, kind, text string) {
	v := base64.RawURLEncoding.EncodeToString([]byte(kind + "\x00" + clip(text, 600)))
	c.setCookie(w, flashCookie, v, 120)
}

// takeFlash reads and clears the flash message.
func (c *Console) takeFlash(w http.ResponseWriter, r *http.Request) *flash {
	ck, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	c.setCookie(w, flashCookie, "", -1)
	b, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil {
		return nil
	}
	kind, text, ok := strings.Cut(string(b), "\x00")
	if !ok || (kind != "ok" && kind != "error") {
		return nil
	}
	return &flash{Kind: kind, Text: text}
}
