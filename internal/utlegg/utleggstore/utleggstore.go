// Package utleggstore declares the storage the utleggsbegjæring API needs
// and the records it keeps, so that the SQL backend can implement it
// without depending on the API's HTTP code (spec: utleggsbegjaering.md
// §6, §9, §10, §11).
//
// It holds types and one interface only; it must never import net/http or
// an API package.
package utleggstore

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
)

// ErrDuplikat is returned (wrapped in *DuplikatError) when a new
// innsending's duplicate key is already taken (spec: §9).
var ErrDuplikat = errors.New("utleggstore: duplicate innsending")

// DuplikatError names the case that already holds the duplicate key.
type DuplikatError struct {
	EksternSaksreferanse string
}

func (e *DuplikatError) Error() string {
	return "utleggstore: duplicate of case " + e.EksternSaksreferanse
}

// Is makes errors.Is(err, ErrDuplikat) true.
func (e *DuplikatError) Is(target error) bool { return target == ErrDuplikat }

// ErrState is returned when a case is not in a state that allows the
// requested change (a status transition, or a change while an earlier
// innsending is unprocessed).
var ErrState = errors.New("utleggstore: case state does not allow this")

// Sak is one case (spec: §6.4, §10).
type Sak struct {
	EksternSaksreferanse string
	Org                  string // effective organisation that owns the case
	Saksreferanse        string // UTLBGJ/<year>/<n>
	InnsenderReferanse   string
	Begjaeringsdato      string
	Saksstatus           string
	Versjon              int64
	Opprettet            time.Time
	SistEndret           time.Time
	// First-version identity fields, for ULOVLIG_ENDRING_* (spec: §8.3).
	ForsteUnderskrift     string
	ForsteInnsenderOrgnr  string
	ForsteBegjaeringsdato string
	// Kravgrunnlag maps kravreferanse → kravgrunnlagsidentifikator,
	// assigned when a krav first appears (spec: §6.9).
	Kravgrunnlag map[string]string
	// Beslutning is the JSON of beslutningsinformasjon, nil before a
	// decision.
	Beslutning []byte
	// Body is the latest accepted version of the begjæring (JSON).
	Body []byte
	// Mottatt is when the latest version was received.
	Mottatt time.Time
	// UbehandletTil is the latest BehandletFra of the case's
	// innsendinger: before it an innsending is still MOTTATT.
	UbehandletTil time.Time
}

// SakQuery filters UtleggList. Empty fields match any. After is the
// cursor of the last case of the previous page (Sak.Cursor); Limit is
// 1–1000.
type SakQuery struct {
	Org, Saksstatus, After string
	Limit                  int
}

// Cursor is the case's place in UtleggList's order (newest first).
func (k Sak) Cursor() string {
	return strconv.FormatInt(k.Opprettet.UnixMicro(), 10) + "." + k.EksternSaksreferanse
}

// ParseCursor reads a Cursor: the creation time in µs and the reference.
func ParseCursor(c string) (micros int64, ref string, ok bool) {
	t, ref, ok := strings.Cut(c, ".")
	n, err := strconv.ParseInt(t, 10, 64)
	return n, ref, ok && err == nil
}

// Melding is one message of the feed (spec: §11). Body holds the JSON of
// the message without sekvensnummer; the store assigns Sekvensnummer.
type Melding struct {
	Sekvensnummer        int64
	Meldingsid           string
	Org                  string
	EksternSaksreferanse string
	Opprettet            time.Time
	Body                 []byte
}

// NySak is an accepted new begjæring (spec: §6.4).
type NySak struct {
	Sak Sak
	// DupKey is the duplicate key (org, begjaeringsdato,
	// innsenderReferanse); "" when the begjæring has no reference.
	DupKey string
	// BehandletFra is when innsending #1 leaves state MOTTATT.
	BehandletFra time.Time
	// SaksreferanseAar is the year of the namsmann's case number.
	SaksreferanseAar int
	// Melding is the SAK_OPPRETTET message (sekvensnummer assigned);
	// MeldingBody, when set, makes its Body from the allocated
	// saksreferanse.
	Melding     Melding
	MeldingBody func(saksreferanse string) []byte
	// JobKind, when set, enqueues a job of that kind keyed by the case in
	// the same transaction, to run at JobAt.
	JobKind string
	JobAt   time.Time
}

// Endring is an accepted change (spec: §6.5).
type Endring struct {
	EksternSaksreferanse string
	Org                  string
	DupKey               string
	InnsenderReferanse   string
	Body                 []byte
	Mottatt              time.Time
	BehandletFra         time.Time
	// NyeKrav are kravgrunnlag entries to add.
	NyeKrav map[string]string
	// TillatteStatuser are the saksstatus values a change is allowed in.
	TillatteStatuser []string
	Melding          Melding
}

// Overgang is a status change by the namsmann (spec: §10.2).
type Overgang struct {
	EksternSaksreferanse string
	Fra                  []string // allowed current statuses
	Til                  string   // "" keeps the status (a message only)
	Beslutning           []byte   // set with the decision
	Tidspunkt            time.Time
	Meldinger            []Melding
}

// Vedlegg is an uploaded attachment (spec: §6.1).
type Vedlegg struct {
	UUID               string
	Org                string
	Filnavn            string
	InnsenderReferanse string
	Type               string
	Status             string
	ContentType        string
	Storrelse          int64
	Opprettet          time.Time
	Data               []byte // only on PutVedlegg
}

// Storage keeps cases, innsendinger, messages and attachments.
// Implementations allocate message sequence numbers and insert the
// message in the same transaction, committed in sequence order, so that a
// reader never sees N+1 before N.
type Storage interface {
	// UtleggCreate stores a new case, its first innsending, its
	// duplicate key (a unique constraint: a taken key is a
	// *DuplikatError) and its message, in one transaction.
	UtleggCreate(ctx context.Context, n NySak) (Sak, error)
	// UtleggChange stores a new version of a case: store.ErrNotFound for
	// an unknown or foreign case, ErrState when an innsending is still
	// MOTTATT or the status is not allowed, *DuplikatError when the new
	// duplicate key belongs to another case.
	UtleggChange(ctx context.Context, e Endring) (Sak, error)
	// UtleggGet reads a case of org (org "" matches any).
	UtleggGet(ctx context.Context, org, ref string) (Sak, error)
	// UtleggFind lists the cases of org with the innsenderReferanse.
	UtleggFind(ctx context.Context, org, innsenderRef string) ([]Sak, error)
	// UtleggList lists cases newest first for the operator, filtered by
	// q; Body is not read.
	UtleggList(ctx context.Context, q SakQuery) ([]Sak, error)
	// UtleggDuplikat returns the case holding dupKey, "" if none.
	UtleggDuplikat(ctx context.Context, dupKey string) (string, error)
	// UtleggTransition changes a case's status (ErrState when the
	// current status is not in Fra) and appends the messages.
	UtleggTransition(ctx context.Context, o Overgang) (Sak, error)
	// UtleggBehandle marks every innsending of a case as processed at
	// now.
	UtleggBehandle(ctx context.Context, ref string, now time.Time) error
	// UtleggMeldinger lists the messages of org after sekvensnummer,
	// ascending, at most limit (limit <= 0: all).
	UtleggMeldinger(ctx context.Context, org string, after int64, limit int) ([]Melding, error)
	// UtleggSakMeldinger lists the messages of one case, ascending.
	UtleggSakMeldinger(ctx context.Context, ref string) ([]Melding, error)
	// UtleggPutVedlegg stores an attachment.
	UtleggPutVedlegg(ctx context.Context, v Vedlegg) error
	// UtleggGetVedlegg reads attachments' metadata by uuid (never Data);
	// unknown ones are absent from the map.
	UtleggGetVedlegg(ctx context.Context, uuids []string) (map[string]Vedlegg, error)
	// UtleggSetVedleggStatus changes an attachment's status.
	UtleggSetVedleggStatus(ctx context.Context, uuid, status string) error
}
