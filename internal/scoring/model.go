package scoring

import (
	"math"
	"sort"
)

// Model is a built-in scorecard (spec: statement-analysis.md §7.2).
type Model struct {
	Name      string
	Window    int // months
	Intercept float64
}

// Models are the built-in models in ascending name order.
var Models = []Model{
	{Name: "nordic_scorecard_12m_v1.model", Window: 12, Intercept: -1.00},
	{Name: "nordic_scorecard_6m_v1.model", Window: 6, Intercept: -0.90},
}

// ModelByName finds a built-in model.
func ModelByName(name string) (Model, bool) {
	for _, m := range Models {
		if m.Name == name {
			return m, true
		}
	}
	return Model{}, false
}

// Feature names in definition order (§7.5).
var featureNames = [10]string{
	"monthly_regular_income", "income_regularity", "debt_service_ratio", "gambling_share",
	"collection_rate", "new_credit_rate", "cash_withdrawal_share", "net_flow_ratio",
	"fee_rate", "has_salary",
}

var weights = [10]float64{-0.45, -1.20, 1.10, 3.00, 0.60, 0.50, 0.80, -0.90, 0.15, -0.30}

// Features are the ten raw feature values of §7.5, in definition order.
type Features [10]float64

// FeatureResult is one feature of a scored model.
type FeatureResult struct {
	Name         string  `json:"name"`
	Value        float64 `json:"value"`
	Transformed  float64 `json:"transformed"`
	Weight       float64 `json:"weight"`
	Contribution float64 `json:"contribution"`
}

// Score is the model output for a set of raw features.
type Score struct {
	Logit    float64
	PD       float64
	Score    int
	Band     string
	Features []FeatureResult // ordered by |contribution| desc, then name
}

// transform applies the §7.5 transforms; incomeUnit is U.
func transform(f Features, incomeUnit float64) [10]float64 {
	var x [10]float64
	x[0] = math.Log(1 + f[0]/incomeUnit)
	x[1] = f[1]
	x[2] = math.Min(f[2], 2)
	x[3] = math.Min(f[3], 1)
	x[4] = math.Min(f[4], 5)
	x[5] = math.Min(f[5], 5)
	x[6] = math.Min(f[6], 1)
	x[7] = math.Max(-1, math.Min(f[7], 1))
	x[8] = math.Min(f[8], 10)
	x[9] = f[9]
	return x
}

// IncomeUnit is U of §7.5: 1000 for NOK, SEK and DKK, 100 otherwise.
func IncomeUnit(currency string) float64 {
	switch currency {
	case "NOK", "SEK", "DKK":
		return 1000
	}
	return 100
}

// Apply scores raw features with model m (§7.5): logit from unrounded
// transforms, PD, score, band, and contributions.
func (m Model) Apply(f Features, currency string) Score {
	x := transform(f, IncomeUnit(currency))
	logit := m.Intercept
	fr := make([]FeatureResult, 10)
	for i := range x {
		c := weights[i] * x[i]
		logit += c
		fr[i] = FeatureResult{Name: featureNames[i], Value: Round(f[i], 4), Transformed: Round(x[i], 6), Weight: weights[i], Contribution: c}
	}
	sort.SliceStable(fr, func(i, j int) bool {
		ai, aj := math.Abs(fr[i].Contribution), math.Abs(fr[j].Contribution)
		if ai != aj {
			return ai > aj
		}
		return fr[i].Name < fr[j].Name
	})
	for i := range fr {
		fr[i].Contribution = Round(fr[i].Contribution, 6)
	}
	pd := 1 / (1 + math.Exp(-logit))
	return Score{Logit: logit, PD: pd, Score: int(Round(1000*(1-pd), 0)), Band: Band(pd), Features: fr}
}

// Band maps a probability of default to A–E (§7.5).
func Band(pd float64) string {
	switch {
	case pd < 0.02:
		return "A"
	case pd < 0.05:
		return "B"
	case pd < 0.10:
		return "C"
	case pd < 0.20:
		return "D"
	}
	return "E"
}

// Round rounds half away from zero to n decimals (spec §1.4).
func Round(v float64, n int) float64 {
	p := math.Pow(10, float64(n))
	r := math.Round(v*p) / p
	if r == 0 {
		return 0 // no negative zero in output
	}
	return r
}
