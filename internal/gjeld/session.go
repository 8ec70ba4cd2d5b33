package gjeld

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/ident"
	"github.com/namsfogd/namsfogd/internal/store"
)

// The login session is a signed HttpOnly cookie holding the NIN and its
// expiry; no real ID-porten is contacted. spec: gjeldsinformasjon.md §13 item 11
const (
	sessionCookie   = "gjeld_session"
	sessionLifetime = 30 * time.Minute
	labelSession    = "login session"
)

func newUUID() string { return httpx.NewUUID() }

func (s *Service) setSession(w http.ResponseWriter, nin string) {
	v := nin + "." + strconv.FormatInt(s.clock.Now().Add(sessionLifetime).Unix(), 10)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: v + "." + s.sign(labelSession, v),
		Path: s.prefix + "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func (s *Service) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: s.prefix + "/", MaxAge: -1, HttpOnly: true})
}

// session returns the logged-in person's NIN.
func (s *Service) session(r *http.Request) (string, bool) {
	ck, err := r.Cookie(sessionCookie)
	if err != nil {
		return "", false
	}
	i := strings.LastIndexByte(ck.Value, '.')
	if i < 0 || ck.Value[i+1:] != s.sign(labelSession, ck.Value[:i]) {
		return "", false
	}
	nin, exp, _ := strings.Cut(ck.Value[:i], ".")
	e, err := strconv.ParseInt(exp, 10, 64)
	if err != nil || s.clock.Now().Unix() > e {
		return "", false
	}
	return nin, true
}

// csrf is the portal's form token, bound to the session's person.
func (s *Service) csrf(nin string) string { return s.sign("portal form", nin) }

// validateLoginNIN checks a typed NIN; "" if valid. Synthetic, d- and
// h-numbers are accepted. spec: gjeldsinformasjon.md §13 item 8, R18
func validateLoginNIN(nin string) string {
	if err := validateNIN(nin); err != nil {
		return "Ugyldig fødselsnummer: " + err.Error()
	}
	return ""
}

// validateNIN accepts ordinary, D-, H- and synthetic numbers with both
// MOD11 check digits. H-numbers (month + 40) are mapped to their ordinary
// form for the date check.
func validateNIN(nin string) error {
	err := ident.ValidateNIN(nin)
	if err == nil || len(nin) != 11 {
		return err
	}
	if m := (int(nin[2]-'0'))*10 + int(nin[3]-'0'); nin[2] >= '0' && nin[2] <= '9' && m > 40 && m <= 52 {
		if ident.ValidateNIN(nin) != nil && mod11OK(nin) {
			return nil
		}
	}
	return err
}

// mod11OK checks only the two check digits of an 11-digit number.
func mod11OK(n string) bool {
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	d := func(i int) int { return int(n[i] - '0') }
	check := func(w []int) int {
		sum := 0
		for i, x := range w {
			sum += x * d(i)
		}
		k := 11 - sum%11
		if k == 11 {
			k = 0
		}
		return k
	}
	k1 := check([]int{3, 7, 6, 1, 8, 9, 4, 5, 2})
	k2 := check([]int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})
	return k1 < 10 && k1 == d(9) && k2 < 10 && k2 == d(10)
}

// audit builds an audit record of this API for a request.
func (s *Service) audit(r *http.Request, action, actor, subject, consentID, outcome string, details map[string]any) store.AuditRecord {
	if details == nil {
		details = map[string]any{}
	}
	details["consent_id"] = consentID
	if t := r.Header.Get("X-Trace-ID"); t != "" {
		details["trace_id"] = t
	}
	return store.AuditRecord{Time: s.clock.Now(), Service: "gjeld", Action: action, Actor: actor, SubjectID: subject,
		LegalBasis: "consent:" + consentID, Correlation: httpx.CorrelationID(r.Context()), Outcome: outcome, Details: details}
}

// stateLabel is how the portal names a consent's state: revoked ones are
// "archived". spec: gjeldsinformasjon.md §1, §7
func stateLabel(c model.Consent, now time.Time) string {
	switch c.EffectiveState(now) {
	case model.StateActive:
		return "Aktiv"
	case model.StateUsed:
		return "Brukt"
	case model.StateExpired:
		return "Utløpt"
	default:
		return "Arkivert"
	}
}
