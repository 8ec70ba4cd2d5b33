package utlegg

import (
	"context"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/ident"
	"github.com/namsfogd/namsfogd/internal/utlegg/utleggstore"
)

// Layer 2 of the validation: the vilkår enforced on /v1 (spec:
// utleggsbegjaering.md §8.3). All violations are collected; nothing here
// stops at the first one.

// Lookup is what the vilkår read outside the document: earlier
// submissions (DUPLIKAT_INNSENDING) and uploaded attachments.
type Lookup interface {
	UtleggDuplikat(ctx context.Context, dupKey string) (string, error)
	UtleggGetVedlegg(ctx context.Context, uuids []string) (map[string]utleggstore.Vedlegg, error)
}

// Validator runs both validation layers.
type Validator struct {
	lookup  Lookup
	gammelt map[string]bool
}

// NewValidator returns a validator reading lookup; gammelt is the set of
// saksøkt identifiers locked to the old rules (nil: the published test
// list).
func NewValidator(lookup Lookup, gammelt map[string]bool) *Validator {
	if gammelt == nil {
		gammelt = defaultGammeltRegelverk()
	}
	return &Validator{lookup: lookup, gammelt: gammelt}
}

// Kontekst is what a validation knows besides the document.
type Kontekst struct {
	// Org is the effective organisation of the token (spec: §4.2).
	Org string
	// Now is the request's "now".
	Now time.Time
	// Endring is the case being changed (PUT), nil for a new begjæring.
	Endring *utleggstore.Sak
}

// Resultat is the outcome of the vilkår.
type Resultat struct {
	Utslag []Kontrollutslag
	// Duplikat is the case a DUPLIKAT_INNSENDING points at.
	Duplikat string
}

// dupKey is the duplicate key of §9; "" without innsenderReferanse.
func dupKey(org, dato, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	return org + "\x1f" + dato + "\x1f" + ref
}

// Vilkaar runs layer 2 on a document that passed checkSchema.
func (v *Validator) Vilkaar(ctx context.Context, b *Utleggsbegjaering, k Kontekst) (Resultat, error) {
	c := &vc{b: b, k: k}
	c.innsender()
	c.parter()
	c.krav()
	c.tvangsgrunnlag()
	c.beloep()
	c.konto()
	c.vedleggTyper()
	for _, s := range b.Saksoekt {
		if s.Saksoekt != nil {
			if id := aktoerID(s.Saksoekt); id != nil && v.gammelt[id.Verdi] {
				c.add(utslag("SAKSOEKT_GAMMELT_REGELVERK", "%identifikator", id.Verdi))
			}
		}
	}
	if k.Endring != nil {
		c.endring()
	}
	var res Resultat
	if key := dupKey(k.Org, b.Begjaeringsdato, b.InnsenderReferanse); key != "" {
		ref, err := v.lookup.UtleggDuplikat(ctx, key)
		if err != nil {
			return res, err
		}
		if ref != "" && (k.Endring == nil || ref != k.Endring.EksternSaksreferanse) {
			res.Duplikat = ref
			c.add(utslag("DUPLIKAT_INNSENDING", "%begjæringsdato", b.Begjaeringsdato,
				"%innsenderReferanse", strings.TrimSpace(b.InnsenderReferanse)))
		}
	}
	if err := c.vedleggTilgang(ctx, v.lookup); err != nil {
		return res, err
	}
	res.Utslag = sortUtslag(c.out)
	return res, nil
}

type vc struct {
	b   *Utleggsbegjaering
	k   Kontekst
	out []Kontrollutslag
}

func (c *vc) add(u Kontrollutslag) { c.out = append(c.out, u) }

// innsender: INNSENDER_* (spec: §8.3).
func (c *vc) innsender() {
	in := c.b.Innsender
	if in == nil || in.Innsender == nil || antallValg(in.Innsender) == 0 {
		c.add(utslag("INNSENDER_MANGLER"))
		return
	}
	a := in.Innsender
	if a.Virksomhet == nil {
		c.add(utslag("INNSENDER_IKKE_ORGANISASJON", "%innsender", aktoerNavn(a)))
		return
	}
	orgnr := ""
	if a.Virksomhet.Identifikator != nil {
		orgnr = strings.TrimSpace(a.Virksomhet.Identifikator.Verdi)
	}
	if ident.ValidateOrgNr(orgnr) != nil {
		c.add(utslag("INNSENDER_IKKE_IDENTIFISERBAR", "%innsender", orgnr))
	}
	if orgnr != c.k.Org {
		c.add(utslag("INNSENDER_SAMSVARER_IKKE_MED_AUTENTISERING", "%innsenderOrgnr", orgnr, "%påloggetOrgnr", c.k.Org))
	}
	// MANGLER_OPPLYSNINGER_BEVILLINGSHAVER (c): an inkassobyrå innsender
	// without any prosessfullmektig.
	if canonical(a.Virksomhet.Virksomhetstype, virksomhetsTyper) == VirksomhetInkasso && in.Prosessfullmektig == nil {
		c.add(utslag("MANGLER_OPPLYSNINGER_BEVILLINGSHAVER", "%prosessfullmektig", aktoerNavn(a)))
	}
}

// endring: the "Gjelder kun endringer" rules (spec: §8.3, §10.2).
func (c *vc) endring() {
	s := c.k.Endring
	ref := s.EksternSaksreferanse
	if c.k.Now.Before(s.UbehandletTil) {
		c.add(utslag("UAVKLART_STATUS", "%eksternSaksreferanse", ref))
	}
	if !endringTillatt(s.Saksstatus) {
		c.add(utslag("UGYLDIG_STATUS", "%eksternSaksreferanse", ref, "%tilstand", s.Saksstatus))
	}
	if c.b.Begjaeringsdato != s.ForsteBegjaeringsdato {
		c.add(utslag("ULOVLIG_ENDRING_BEGJAERINGSDATO"))
	}
	if innsenderOrgnr(c.b) != s.ForsteInnsenderOrgnr {
		c.add(utslag("ULOVLIG_ENDRING_INNSENDER"))
	}
	if strings.TrimSpace(c.b.Underskrift) != s.ForsteUnderskrift {
		c.add(utslag("ULOVLIG_ENDRING_UNDERSKRIFT"))
	}
}

// innsenderOrgnr is the innsender's organisation number, "" if none.
func innsenderOrgnr(b *Utleggsbegjaering) string {
	if b.Innsender == nil || b.Innsender.Innsender == nil || b.Innsender.Innsender.Virksomhet == nil ||
		b.Innsender.Innsender.Virksomhet.Identifikator == nil {
		return ""
	}
	return strings.TrimSpace(b.Innsender.Innsender.Virksomhet.Identifikator.Verdi)
}

// konto: MANGELFULLE_KONTOOPPLYSNINGER, UGYLDIG_KONTONR, UGYLDIG_KID.
func (c *vc) konto() {
	bi := c.b.Betalingsinformasjon
	if bi == nil {
		return
	}
	k, norsk := bi.konto()
	if k.empty() {
		c.add(utslag("MANGELFULLE_KONTOOPPLYSNINGER"))
		return
	}
	if norsk && k.Kontonummer != "" && ident.ValidateKontonummer(k.Kontonummer) != nil {
		c.add(utslag("UGYLDIG_KONTONR", "%kontonummer", k.Kontonummer))
	}
	if k.Kidnummer != "" && ident.ValidateKID(k.Kidnummer) != nil {
		c.add(utslag("UGYLDIG_KID", "%kidnummer", k.Kidnummer))
	}
}
