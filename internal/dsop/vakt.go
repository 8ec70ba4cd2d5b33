package dsop

import (
	"log/slog"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// vakt watches what §8 of the spec lists as "not validated": a
// CorrelationID used again, and the number of requests per
// AccountInfoRequestID (FS-EOP: abnormal numbers of case requests per
// consumer). Neither is refused; both are logged and counted in the
// metrics dsop_duplicate_correlation_id_total and
// dsop_requests_per_case. Memory is bounded: each remembers the last
// vaktMinne to 2×vaktMinne keys, so a CorrelationID used again further
// apart than that is not noticed.
type vakt struct {
	log *slog.Logger

	mu    sync.Mutex
	corrs toGenerasjoner[struct{}]
	saker toGenerasjoner[int]

	duplikat *prometheus.CounterVec
	perSak   *prometheus.HistogramVec
}

const vaktMinne = 50_000

// vaktVarsel are the per-case request counts that are logged as
// abnormal.
var vaktVarsel = map[int]bool{100: true, 1000: true, 10000: true}

func nyVakt(log *slog.Logger, reg prometheus.Registerer) *vakt {
	v := &vakt{
		log:   log,
		corrs: toGenerasjoner[struct{}]{maks: vaktMinne},
		saker: toGenerasjoner[int]{maks: vaktMinne},
		duplikat: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dsop_duplicate_correlation_id_total",
			Help: "DSOP requests whose CorrelationID the same consumer had already used (among its recent requests).",
		}, []string{"consumer"}),
		perSak: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "dsop_requests_per_case",
			Help:    "For each DSOP request, how many requests its AccountInfoRequestID has had so far, this one included.",
			Buckets: []float64{1, 2, 3, 5, 10, 20, 50, 100, 500, 1000},
		}, []string{"consumer"}),
	}
	if reg != nil {
		reg.MustRegister(v.duplikat, v.perSak)
	}
	return v
}

// se notes an authenticated request of consumer.
func (v *vakt) se(consumer, correlationID, requestID, endpoint string) {
	if consumer == "" {
		return
	}
	v.mu.Lock()
	dup := false
	if correlationID != "" {
		k := consumer + "\x00" + correlationID
		_, dup = v.corrs.hent(k)
		v.corrs.sett(k, struct{}{})
	}
	n := 0
	if requestID != "" {
		k := consumer + "\x00" + requestID
		n, _ = v.saker.hent(k)
		n++
		v.saker.sett(k, n)
	}
	v.mu.Unlock()
	if dup {
		v.duplikat.WithLabelValues(consumer).Inc()
		v.log.Warn("dsop: CorrelationID used again", "consumer", consumer, "CorrelationID", correlationID,
			"AccountInfoRequestID", requestID, "endpoint", endpoint)
	}
	if n > 0 {
		v.perSak.WithLabelValues(consumer).Observe(float64(n))
		if vaktVarsel[n] {
			v.log.Warn("dsop: abnormal number of requests in one case", "consumer", consumer,
				"AccountInfoRequestID", requestID, "requests", n)
		}
	}
}

// toGenerasjoner is a map bounded to 2×maks keys: when the newer
// generation is full, the older one is dropped.
type toGenerasjoner[V any] struct {
	maks       int
	ny, gammel map[string]V
}

func (g *toGenerasjoner[V]) hent(k string) (V, bool) {
	if v, ok := g.ny[k]; ok {
		return v, true
	}
	v, ok := g.gammel[k]
	return v, ok
}

func (g *toGenerasjoner[V]) sett(k string, v V) {
	if g.ny == nil || len(g.ny) >= g.maks {
		g.gammel, g.ny = g.ny, make(map[string]V, min(g.maks, 1024))
	}
	g.ny[k] = v
}
