package trekkpaalegg

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/namsfogd/namsfogd/internal/world"
)

// Utleggstrekk is the namsmann's decision that an employer shall withhold
// part of a debtor's pay (the "utleggstrekk" outcome of an
// utleggsbegjæring). The utleggsbegjæring API hands it to
// CreateFromDecision through the server's wiring.
type Utleggstrekk struct {
	// Skyldner is the debtor's fødselsnummer or D-nummer.
	Skyldner string
	// Trekkpliktig is the employer; "" picks the debtor's current
	// employment with the highest salary.
	Trekkpliktig string
	// Saksnummer is the enforcement case; "" lets the server make one.
	Saksnummer string
	// Startdato is the first day of withholding; "" means tomorrow, the
	// earliest the rules allow (spec: trekkpaalegg.md §6.2).
	Startdato string
	// Sluttdato optionally ends the withholding.
	Sluttdato string
	// Trekkbeloep (kroner per month) or Trekkprosent (of gross pay) fix
	// the size; with neither the size is computed from the salary.
	Trekkbeloep  float64
	Trekkprosent float64
}

// Livsopphold is the monthly amount the debtor keeps for living costs
// when the server sizes an order from the salary (our choice: a round
// single-person figure of the namsmann's guideline rates).
const Livsopphold = 10_400

// netShare is the share of gross pay left after ordinary tax withholding
// (our approximation for sizing orders).
const netShare = 0.70

// ErrNoEmployment: the debtor has no current employment (with the named
// employer), so there is nobody to send an order to.
var ErrNoEmployment = errors.New("skyldner har ikke et løpende arbeidsforhold hos trekkpliktig")

// ErrNoCapacity: the debtor's pay leaves nothing above living costs
// ("intet til utlegg").
var ErrNoCapacity = errors.New("lønnen gir ikke trekkevne utover livsopphold (intet til utlegg)")

// CreateFromDecision creates the trekkpålegg that an utleggstrekk decision
// sends to the debtor's employer. The employer and the salary come from
// the world (store EmploymentsByPerson). Without an explicit size the
// monthly amount is the estimated net pay (70 % of gross) less
// Livsopphold, rounded down to whole hundreds; an explicit amount may not
// exceed the gross monthly pay.
func (s *Service) CreateFromDecision(ctx context.Context, d Utleggstrekk) (Trekkpaalegg, error) {
	if !digitsN(d.Skyldner, 11) {
		return Trekkpaalegg{}, invalid("skyldner", "må være et fødselsnummer eller D-nummer med 11 siffer")
	}
	emps, err := s.cfg.Store.EmploymentsByPerson(ctx, d.Skyldner)
	if err != nil {
		return Trekkpaalegg{}, err
	}
	today := s.cfg.Clock.Today()
	var emp *world.Employment
	for i, e := range emps {
		current := e.StartDate <= today && (e.EndDate.IsZero() || e.EndDate >= today)
		if !current || (d.Trekkpliktig != "" && e.EmployerOrgNr != d.Trekkpliktig) {
			continue
		}
		if emp == nil || e.AnnualSalary > emp.AnnualSalary {
			emp = &emps[i]
		}
	}
	if emp == nil {
		return Trekkpaalegg{}, ErrNoEmployment
	}
	gross := float64(emp.AnnualSalary) / 12
	start := d.Startdato
	if start == "" {
		start = addDays(string(today), 1)
	}
	var p TrekkstoerrelseForPeriode
	switch {
	case d.Trekkbeloep < 0 || d.Trekkprosent < 0 || d.Trekkprosent > 100:
		return Trekkpaalegg{}, invalid("trekk", "trekkbeloep må være ≥ 0 og trekkprosent 0–100")
	case d.Trekkbeloep > 0 && d.Trekkprosent > 0:
		return Trekkpaalegg{}, invalid("trekk", "oppgi enten trekkbeloep eller trekkprosent")
	case d.Trekkbeloep > 0:
		if d.Trekkbeloep > gross {
			return Trekkpaalegg{}, invalid("trekkbeloep", "%.0f kroner per måned er mer enn bruttolønnen %.0f", d.Trekkbeloep, gross)
		}
		p = Beloep(start, d.Sluttdato, d.Trekkbeloep)
	case d.Trekkprosent > 0:
		p = Prosent(start, d.Sluttdato, d.Trekkprosent)
	default:
		amount := math.Floor((gross*netShare-Livsopphold)/100) * 100
		if amount <= 0 {
			return Trekkpaalegg{}, fmt.Errorf("%w: bruttolønn %.0f kroner per måned", ErrNoCapacity, gross)
		}
		p = Beloep(start, d.Sluttdato, amount)
	}
	return s.Create(ctx, CreateOrder{Trekkpliktig: emp.EmployerOrgNr, Skyldner: d.Skyldner, Saksnummer: d.Saksnummer,
		TrekkstoerrelseForPeriode: []TrekkstoerrelseForPeriode{p}})
}
