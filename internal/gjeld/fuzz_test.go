package gjeld_test

import (
	"strings"
	"testing"

	"github.com/namsfogd/namsfogd/internal/gjeld"
)

func FuzzParseAuthScope(f *testing.F) {
	for _, s := range []string{"debt.unsecured.presentation", "debt.unsecured.processing.28 openid", "openid debt.unsecured.presentation",
		"debt.unsecured.presentation.0", "debt.unsecured.presentation.99999999999999999999", "debt.unsecured.presentation.-1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := gjeld.ParseAuthScope(s)
		if err != nil {
			return
		}
		if a.Purpose != "debt.unsecured.presentation" && a.Purpose != "debt.unsecured.processing" {
			t.Fatalf("%q: purpose %q", s, a.Purpose)
		}
		if a.SingleUse != (a.Days == 0) || a.Days < 0 || a.Days > 365 || (a.Purpose == "debt.unsecured.processing" && a.Days > 28) {
			t.Fatalf("%q: %+v", s, a)
		}
		if a.OpenID != strings.HasSuffix(s, " openid") {
			t.Fatalf("%q: openid %v", s, a.OpenID)
		}
	})
}

func FuzzParseAgreementRequest(f *testing.F) {
	f.Add([]byte(`{"nin":"14842249091","scope_of_consent":"debt.unsecured.presentation","consent_duration_days":30,"client_consent_id":"a"}`))
	f.Add([]byte(`{"nin":"14842249091","scope_of_consent":"debt.unsecured.processing","consent_duration_days":"100","client_consent_id":"b"}`))
	f.Add([]byte(`{"consent_duration_days":1e3}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := gjeld.ParseAgreementRequest(b)
		if err != nil {
			return
		}
		if len(a.NIN) != 11 || a.DurationDays < 1 || a.ClientConsentID == "" ||
			(a.Scope != "debt.unsecured.presentation" && a.Scope != "debt.unsecured.processing") {
			t.Fatalf("accepted %+v from %q", a, b)
		}
	})
}

func FuzzFeedParams(f *testing.F) {
	f.Add("1", "10")
	f.Add("-1", "0")
	f.Add("9223372036854775807", "99999999999")
	f.Fuzz(func(t *testing.T, from, limit string) {
		fr, l, msg := gjeld.FeedParams(from, limit)
		if msg != "" {
			return
		}
		if fr < 1 || l < 1 || l > 1000 {
			t.Fatalf("%q %q → %d %d", from, limit, fr, l)
		}
	})
}
