package trekkpaalegg

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/namsfogd/namsfogd/internal/ident"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg/trekkstore"
)

// CreateOrder asks for a new order (spec: trekkpaalegg.md §12 "Create").
type CreateOrder struct {
	Trekkpliktig string `json:"trekkpliktig"`
	Skyldner     string `json:"skyldner"`
	// Saksnummer defaults to "TREKK/<year>/<trekkid>".
	Saksnummer                string                      `json:"saksnummer,omitempty"`
	TrekkstoerrelseForPeriode []TrekkstoerrelseForPeriode `json:"trekkstoerrelseForPeriode"`
}

// NewVersion asks for a new version of an order: the full period history
// and, optionally, the status it should have (spec: §12 "New version").
type NewVersion struct {
	TrekkstoerrelseForPeriode []TrekkstoerrelseForPeriode `json:"trekkstoerrelseForPeriode"`
	Trekkstatus               string                      `json:"trekkstatus,omitempty"`
}

// opprettetFormat is how the server writes opprettet (spec: §16 item 12).
const opprettetFormat = "2006-01-02T15:04:05.000Z"

func (s *Service) newKID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return ident.GenerateKID(s.rnd, 10)
}

// toVersion renders t as stored.
func toVersion(t Trekkpaalegg) (trekkstore.Version, error) {
	body, err := json.Marshal(t)
	if err != nil {
		return trekkstore.Version{}, err
	}
	return trekkstore.Version{
		Trekkid: t.Trekkid, Trekkversjon: t.Trekkversjon, Sekvensnummer: t.Sekvensnummer,
		Trekkpliktig: t.Trekkpliktig, Skyldner: t.Skyldner, Saksnummer: t.Saksnummer,
		Kidnummer: t.Betalingsinformasjon.Kidnummer, Trekkstatus: t.Trekkstatus,
		SisteSluttdato: t.lastSluttdato(), Body: body,
	}, nil
}

func fromVersion(v trekkstore.Version) (Trekkpaalegg, error) {
	var t Trekkpaalegg
	if err := json.Unmarshal(v.Body, &t); err != nil {
		return t, fmt.Errorf("trekkpålegg %s versjon %d: stored body unreadable: %w", v.Trekkid, v.Trekkversjon, err)
	}
	return t, nil
}

// Create publishes version 1 of a new order for trekkpliktig with a new
// trekkid and a KID no other order has (spec: §6.3, §12). The periods
// follow the publication rules of §6.2.
func (s *Service) Create(ctx context.Context, in CreateOrder) (Trekkpaalegg, error) {
	t, _, err := s.CreateOnce(ctx, in, "")
	return t, err
}

// CreateOnce is Create made safe to retry: the first call with key
// creates the order, a repeat with the same input returns that order as
// it was created (replayed true), a repeat with other input is
// store.ErrConflict. An empty key is Create.
func (s *Service) CreateOnce(ctx context.Context, in CreateOrder, key string) (Trekkpaalegg, bool, error) {
	var fingerprint string
	if key != "" {
		if len(key) > 255 {
			return Trekkpaalegg{}, false, invalid("Idempotency-Key", "kan ha høyst 255 tegn")
		}
		b, _ := json.Marshal(in)
		sum := sha256.Sum256(b)
		fingerprint = hex.EncodeToString(sum[:])
	}
	switch {
	case !digitsN(in.Trekkpliktig, 9):
		return Trekkpaalegg{}, false, invalid("trekkpliktig", "må være et organisasjonsnummer med 9 siffer")
	case !digitsN(in.Skyldner, 11):
		return Trekkpaalegg{}, false, invalid("skyldner", "må være et fødselsnummer eller D-nummer med 11 siffer")
	case len(in.Saksnummer) > 64:
		return Trekkpaalegg{}, false, invalid("saksnummer", "kan ha høyst 64 tegn")
	}
	periods := clonePeriods(in.TrekkstoerrelseForPeriode)
	if err := checkPeriods(periods); err != nil {
		return Trekkpaalegg{}, false, err
	}
	now := s.cfg.Clock.Now()
	today := string(s.cfg.Clock.Today())
	if err := checkPublication(nil, periods, today); err != nil {
		return Trekkpaalegg{}, false, err
	}
	var out Trekkpaalegg
	v, err := s.cfg.Store.TrekkPublish(ctx, trekkstore.Publish{
		IdempotencyKey: key, Fingerprint: fingerprint,
		NewKID: s.newKID,
		Build: func(_ *trekkstore.Version, a trekkstore.Alloc) (trekkstore.Version, error) {
			saksnummer := in.Saksnummer
			if saksnummer == "" {
				saksnummer = fmt.Sprintf("TREKK/%d/%s", now.Year(), a.Trekkid)
			}
			out = Trekkpaalegg{
				Trekkid: a.Trekkid, Skyldner: in.Skyldner, Opprettet: now.UTC().Format(opprettetFormat),
				Saksnummer: saksnummer, Trekkstatus: statusFor(periods, today), Trekkpliktig: in.Trekkpliktig,
				Trekkversjon: 1, Sekvensnummer: a.Sekvensnummer,
				Betalingsinformasjon: Betalingsinformasjon{Kidnummer: a.Kidnummer, Kontonummer: s.cfg.Kontonummer,
					Betalingsmottaker: s.cfg.Betalingsmottaker},
				TrekkstoerrelseForPeriode: periods,
			}
			return toVersion(out)
		},
	})
	if err != nil {
		return Trekkpaalegg{}, false, err
	}
	if v.Replayed {
		t, err := fromVersion(v)
		return t, true, err
	}
	return out, false, nil
}

// NewVersion publishes the next version of an order: trekkversjon+1, the
// next sekvensnummer, opprettet now, the constant fields copied (spec:
// §8, §12). store.ErrNotFound if the order does not exist; ErrClosed if
// it is avsluttet.
func (s *Service) NewVersion(ctx context.Context, trekkid string, in NewVersion) (Trekkpaalegg, error) {
	periods := clonePeriods(in.TrekkstoerrelseForPeriode)
	if err := checkPeriods(periods); err != nil {
		return Trekkpaalegg{}, err
	}
	if in.Trekkstatus != "" && in.Trekkstatus != StatusAktiv && in.Trekkstatus != StatusAvsluttet {
		return Trekkpaalegg{}, invalid("trekkstatus", "må være aktiv eller avsluttet")
	}
	return s.publishNext(ctx, trekkid, func(prev Trekkpaalegg, today string) ([]TrekkstoerrelseForPeriode, string, error) {
		if err := checkPublication(prev.TrekkstoerrelseForPeriode, periods, today); err != nil {
			return nil, "", err
		}
		status := statusFor(periods, today)
		if in.Trekkstatus != "" && in.Trekkstatus != status {
			if status == StatusAvsluttet {
				return nil, "", invalid("trekkstatus", "siste periode slutter senest i dag, så status blir avsluttet")
			}
			return nil, "", invalid("trekkstatus", "avsluttet krever at siste periode har sluttdato i dag; sett sluttdato (eller bruk avslutt)")
		}
		return periods, status, nil
	})
}

// Close ends an order today: periods that have not started are dropped,
// the last started period gets sluttdato today, and the version is
// avsluttet (spec: §7). An order none of whose periods has started is
// published unchanged as avsluttet.
func (s *Service) Close(ctx context.Context, trekkid string) (Trekkpaalegg, error) {
	return s.publishNext(ctx, trekkid, func(prev Trekkpaalegg, today string) ([]TrekkstoerrelseForPeriode, string, error) {
		var ps []TrekkstoerrelseForPeriode
		for _, p := range clonePeriods(prev.TrekkstoerrelseForPeriode) {
			if p.Startdato <= today {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			return clonePeriods(prev.TrekkstoerrelseForPeriode), StatusAvsluttet, nil
		}
		if last := &ps[len(ps)-1]; last.Sluttdato == "" || last.Sluttdato > today {
			last.Sluttdato = today
		}
		return ps, StatusAvsluttet, nil
	})
}

// publishNext publishes a new version of trekkid whose periods and status
// next derives from the latest version, inside the store's transaction.
func (s *Service) publishNext(ctx context.Context, trekkid string,
	next func(prev Trekkpaalegg, today string) ([]TrekkstoerrelseForPeriode, string, error)) (Trekkpaalegg, error) {
	now := s.cfg.Clock.Now()
	today := string(s.cfg.Clock.Today())
	var out Trekkpaalegg
	_, err := s.cfg.Store.TrekkPublish(ctx, trekkstore.Publish{
		Trekkid: trekkid,
		Build: func(pv *trekkstore.Version, a trekkstore.Alloc) (trekkstore.Version, error) {
			prev, err := fromVersion(*pv)
			if err != nil {
				return trekkstore.Version{}, err
			}
			if prev.Trekkstatus == StatusAvsluttet {
				return trekkstore.Version{}, ErrClosed
			}
			periods, status, err := next(prev, today)
			if err != nil {
				return trekkstore.Version{}, err
			}
			out = prev
			out.Opprettet = now.UTC().Format(opprettetFormat)
			out.Trekkstatus = status
			out.Trekkversjon = prev.Trekkversjon + 1
			out.Sekvensnummer = a.Sekvensnummer
			out.TrekkstoerrelseForPeriode = periods
			return toVersion(out)
		},
	})
	if err != nil {
		return Trekkpaalegg{}, err
	}
	return out, nil
}

// AutoClose publishes an avsluttet version of every aktiv order whose last
// period ended before today (spec: §7, §12 auto-close job) and returns how
// many it closed. It is idempotent: an order closed meanwhile (by another
// process) is skipped.
func (s *Service) AutoClose(ctx context.Context) (int, error) {
	today := string(s.cfg.Clock.Today())
	closed, after := 0, ""
	for {
		ids, err := s.cfg.Store.TrekkDueForClose(ctx, today, after, 500)
		if err != nil {
			return closed, err
		}
		for _, id := range ids {
			_, err := s.publishNext(ctx, id, func(prev Trekkpaalegg, today string) ([]TrekkstoerrelseForPeriode, string, error) {
				if last := prev.lastSluttdato(); last == "" || last >= today {
					return nil, "", errSkip
				}
				return clonePeriods(prev.TrekkstoerrelseForPeriode), StatusAvsluttet, nil
			})
			switch {
			case err == nil:
				closed++
			case errors.Is(err, errSkip), errors.Is(err, ErrClosed), errors.Is(err, store.ErrNotFound):
			default:
				return closed, err
			}
		}
		if len(ids) < 500 {
			return closed, nil
		}
		after = ids[len(ids)-1]
	}
}

var errSkip = errors.New("trekkpålegg: nothing to do")
