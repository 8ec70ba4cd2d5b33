package world

import "math"

// Employment shares and salary model.
const (
	secondJobShare  = 0.07 // of the employed: two concurrent part-time jobs
	endedJobShare   = 0.06 // of the employed: the only job has ended
	earlierJobShare = 0.10 // of the employed: also an earlier, ended job
	medianSalaryNOK = 600_000
	minSalaryNOK    = 250_000
	maxSalaryNOK    = 1_500_000
	yearDays        = 365
)

// employedShare is the share of persons of an age with an employment:
// about 70 % of those aged 18–67, a few older.
func employedShare(age int, dnr bool) float64 {
	switch {
	case age > 72:
		return 0
	case age > 67:
		return 0.10
	case dnr:
		return 0.85
	case age <= 22:
		return 0.55
	case age <= 62:
		return 0.76
	}
	return 0.55
}

// partTimePairs are the position percentages of people with two jobs.
var partTimePairs = [][2]int{{50, 50}, {60, 40}, {80, 20}, {70, 30}, {50, 30}, {40, 40}}

// partTimePercents are the position percentages of part-time jobs.
var partTimePercents = []int{20, 40, 50, 50, 60, 75, 80, 80, 90}

// employments draws the person's employments: an optional earlier, ended
// job first, then the current job or jobs.
func (w *worker) employments(c *chunk, pr *personRec) {
	g, r := w.g, w.r
	if r.Float64() >= employedShare(pr.age, pr.dnr) {
		return
	}
	latest := g.refIdx - 1
	earliest := min(max(pr.birthIdx+16*yearDays+4, g.refIdx-45*yearDays), latest-1) // youth jobs from 16
	start := max(earliest, latest-int(r.ExpFloat64()*6*yearDays))
	fullTime := fullTimeSalary(r.NormFloat64(), pr.age)

	if r.Float64() < earlierJobShare {
		end := start - 1 - r.IntN(90)
		if s := end - 1 - int(r.ExpFloat64()*4*yearDays); s >= earliest {
			w.employment(c, w.pickEmployer(), s, end, fullTime*0.9, 100)
		}
	}
	pct := 100
	if pr.age > 67 {
		pct = partTimePercents[r.IntN(4)] // 20–50 %
	} else if r.Float64() < 0.15 {
		pct = partTimePercents[r.IntN(len(partTimePercents))]
	}
	end := 0
	switch u := r.Float64(); {
	case u < endedJobShare && start < latest:
		end = start + 1 + r.IntN(latest-start)
	case u < endedJobShare+secondJobShare && pr.age <= 67:
		pair := partTimePairs[r.IntN(len(partTimePairs))]
		first := w.pickEmployer()
		second := w.pickEmployer()
		for second == first {
			second = w.pickEmployer()
		}
		other := start + r.IntN(latest-start+1)
		w.employment(c, first, start, 0, fullTime, pair[0])
		w.employment(c, second, other, 0, fullTime*0.85, pair[1])
		return
	}
	w.employment(c, w.pickEmployer(), start, end, fullTime, pct)
}

// employment appends one employment; end 0 means ongoing. AnnualSalary is
// the gross pay per year for the position (full-time salary × percent).
func (w *worker) employment(c *chunk, employer, start, end int, fullTime float64, pct int) {
	dates := w.g.dt.dates
	m := Employment{
		EmployerOrgNr:   w.g.employers[employer],
		StartDate:       dates[start],
		AnnualSalary:    int64(math.Round(fullTime*float64(pct)/100/100)) * 100,
		PositionPercent: pct,
	}
	if end > 0 {
		m.EndDate = dates[end]
	}
	c.emps = append(c.emps, m)
}

// fullTimeSalary maps a standard normal draw to a full-time annual salary
// in NOK: log-normal around medianSalaryNOK, lower for the young, within
// [minSalaryNOK, maxSalaryNOK].
func fullTimeSalary(z float64, age int) float64 {
	f := 1.05
	switch {
	case age < 25:
		f = 0.72
	case age < 30:
		f = 0.88
	case age >= 55:
		f = 1.0
	}
	return clamp(medianSalaryNOK*f*math.Exp(0.33*z), minSalaryNOK, maxSalaryNOK)
}

// pickEmployer draws an employer index from the Zipf–Mandelbrot size
// distribution by inverting its continuous CDF: x = q·e^(u·L) − q with
// L = ln((n+q)/q) is spread over [0, n) with density ∝ 1/(x+q).
func (w *worker) pickEmployer() int {
	g := w.g
	k := int(g.zipfQ*math.Exp(w.r.Float64()*g.zipfL) - g.zipfQ)
	return min(k, len(g.employers)-1)
}
