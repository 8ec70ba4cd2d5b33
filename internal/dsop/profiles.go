package dsop

import (
	"net/url"
	"strings"
)

// Profile is one FI-Utlegg Saldo service profile (spec: dsop-kontroll.md
// §2). The table is data, so more services can be added without code.
type Profile struct {
	ID string // "IM" or "AN"
	// ConsumerID and SupplierID are ISO 6523 identifiers ("0192:<orgnr>");
	// an empty SupplierID means the token must carry no supplier.
	ConsumerID string
	SupplierID string
	// KundeforholdScope is required on customerRelationships,
	// KontoScope on the control API (accounts, account details and the
	// forbidden endpoints).
	KundeforholdScope string
	KontoScope        string
	// Mandate is the decoded legal basis; MandateEncoded the exact
	// Legal-Mandate header value.
	Mandate        string
	MandateEncoded string
}

// The two FI-Utlegg Saldo profiles (spec: dsop-kontroll.md §2).
var (
	ProfileIM = Profile{
		ID:                "IM",
		ConsumerID:        "0192:974761076",
		KundeforholdScope: "bits:kundeforhold",
		KontoScope:        "bits:kontoinformasjon",
		Mandate:           "Innkrevingsloven § 11 første ledd jf. innkrevingsforskriften § 11-3",
	}
	ProfileAN = Profile{
		ID:                "AN",
		ConsumerID:        "0192:915429785",
		SupplierID:        "0192:974761076",
		KundeforholdScope: "bits:kundeforhold.fi.utlegg.an",
		KontoScope:        "bits:kontoinformasjon.fi.utlegg.an",
		Mandate:           "Tvangsfullbyrdelsesloven § 5-7 andre ledd jf. forskrift om enkelte spørsmål knyttet til saksbehandlingen hos namsmannen § 3",
	}
)

func init() {
	// spec: dsop-kontroll.md §2 — url.PathEscape yields the exact strings.
	ProfileIM.MandateEncoded = url.PathEscape(ProfileIM.Mandate)
	ProfileAN.MandateEncoded = url.PathEscape(ProfileAN.Mandate)
}

// Profiles lists the profiles a bank recognises.
var Profiles = []*Profile{&ProfileIM, &ProfileAN}

func profileByConsumer(consumerID string) *Profile {
	for _, p := range Profiles {
		if p.ConsumerID == consumerID {
			return p
		}
	}
	return nil
}

// mandateStatus is the outcome of comparing a Legal-Mandate header.
type mandateStatus int

const (
	mandateOK      mandateStatus = iota
	mandateInvalid               // malformed or unknown → 400
	mandateOther                 // another profile's mandate → 403
)

// checkMandate compares the header value with the profile's mandate
// (spec: dsop-kontroll.md §4.3.2): reject a raw space, non-ASCII byte,
// control character, '+' or a bad percent escape; then PathUnescape and
// compare the text exactly.
func checkMandate(raw string, p *Profile) (decoded string, st mandateStatus) {
	if raw == "" {
		return "", mandateInvalid
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c <= ' ' || c >= 0x7f || c == '+':
			return "", mandateInvalid
		case c == '%':
			if i+2 >= len(raw) || !isHex(raw[i+1]) || !isHex(raw[i+2]) {
				return "", mandateInvalid
			}
		}
	}
	dec, err := url.PathUnescape(raw)
	if err != nil {
		return "", mandateInvalid
	}
	if dec == p.Mandate {
		return dec, mandateOK
	}
	for _, o := range Profiles {
		if dec == o.Mandate {
			return dec, mandateOther
		}
	}
	return dec, mandateInvalid
}

func isHex(c byte) bool {
	return strings.IndexByte("0123456789abcdefABCDEF", c) >= 0
}
