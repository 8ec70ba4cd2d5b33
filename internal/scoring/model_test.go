package scoring

import (
	"math"
	"testing"
)

// Check 44 (unit): the reference vectors of spec: statement-analysis.md §7.6.
func TestCheck44_ReferenceVectors(t *testing.T) {
	p1 := Features{42000, 1.0, 0.3125, 0.01, 0, 0, 0.02, 0.05, 0.5, 1}
	p2 := Features{9000, 0.5, 0.9, 0.15, 1.0, 0.5, 0.2, -0.2, 3.0, 1}
	cases := []struct {
		f     Features
		model string
		logit float64
		pd    float64
		score int
		band  string
	}{
		{p1, "nordic_scorecard_12m_v1.model", -3.772790, 0.022471, 978, "B"},
		{p1, "nordic_scorecard_6m_v1.model", -3.672790, 0.024776, 975, "B"},
		{p2, "nordic_scorecard_12m_v1.model", 0.143837, 0.535897, 464, "E"},
		{p2, "nordic_scorecard_6m_v1.model", 0.243837, 0.560659, 439, "E"},
	}
	for _, c := range cases {
		m, _ := ModelByName(c.model)
		s := m.Apply(c.f, "NOK")
		if math.Abs(s.Logit-c.logit) > 1e-6 || math.Abs(s.PD-c.pd) > 1e-6 || s.Score != c.score || s.Band != c.band {
			t.Errorf("%s: logit %.6f pd %.6f score %d band %s; want %.6f %.6f %d %s", c.model, s.Logit, s.PD, s.Score, s.Band, c.logit, c.pd, c.score, c.band)
		}
		sum := m.Intercept
		for _, f := range s.Features {
			sum += f.Contribution
		}
		if math.Abs(sum-s.Logit) > 1e-5 {
			t.Errorf("intercept + contributions = %.6f, logit %.6f", sum, s.Logit)
		}
	}
	m, _ := ModelByName("nordic_scorecard_12m_v1.model")
	s := m.Apply(p1, "NOK")
	want := []struct {
		name string
		c    float64
	}{
		{"monthly_regular_income", -1.692540}, {"income_regularity", -1.2}, {"debt_service_ratio", 0.34375},
		{"has_salary", -0.3}, {"fee_rate", 0.075}, {"net_flow_ratio", -0.045}, {"gambling_share", 0.03},
		{"cash_withdrawal_share", 0.016}, {"collection_rate", 0}, {"new_credit_rate", 0},
	}
	for i, w := range want {
		if s.Features[i].Name != w.name || math.Abs(s.Features[i].Contribution-w.c) > 1e-6 {
			t.Errorf("feature %d: %s %.6f, want %s %.6f", i, s.Features[i].Name, s.Features[i].Contribution, w.name, w.c)
		}
	}
	if s.Features[0].Transformed != 3.7612 {
		t.Errorf("x1 = %v, want 3.7612", s.Features[0].Transformed)
	}
}

// Check 47 (unit form): other currencies are ignored, and no data in the
// scored currency gives nulls and exactly the two warnings.
func TestCheck47_Currency(t *testing.T) {
	txs := []Tx{
		{"2024-01-25", 4000000, "NOK", 1501, "income"}, {"2024-02-03", -50000, "NOK", 101, "expense"},
		{"2024-02-04", -10000, "EUR", 101, "expense"},
	}
	out := Run(txs, "NOK", Models, 0)
	if r := out.Results[0]; r.TransactionsUsed != 2 || len(r.Warnings) != 2 || r.Warnings[0] != "CURRENCY_IGNORED" {
		t.Errorf("NOK: %+v", r)
	}
	out = Run(txs, "SEK", Models, 0)
	r := out.Results[0]
	if r.PD != nil || r.Score != nil || out.ReferenceDate != nil || len(r.Warnings) != 2 || r.Warnings[0] != "CURRENCY_IGNORED" || r.Warnings[1] != "NO_TRANSACTIONS_IN_CURRENCY" {
		t.Errorf("SEK: %+v", r)
	}
}
