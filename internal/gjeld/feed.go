package gjeld

import (
	"net/http"
	"strconv"
	"time"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
)

// feedRetention is how long events stay in the feed, by append time.
// spec: gjeldsinformasjon.md §8
const feedRetention = 7 * 24 * time.Hour

const maxFeedLimit = 1000

type feedResponse struct {
	StartSequenceNr int64       `json:"startSequenceNr"`
	EndSequenceNr   int64       `json:"endSequenceNr"`
	GeneratedAt     string      `json:"generatedAt"`
	Result          []feedEvent `json:"result"`
}

type feedEvent struct {
	SequenceNr             int64           `json:"sequenceNr"`
	EventID                string          `json:"eventId"`
	ConsentID              string          `json:"consentId"`
	Timestamp              string          `json:"timestamp"`
	EventType              string          `json:"eventType"`
	SamtykkeOpprettetEvent *opprettetEvent `json:"samtykkeOpprettetEvent"`
	SamtykkeArkivertEvent  *arkivertEvent  `json:"samtykkeArkivertEvent"`
}

type opprettetEvent struct {
	ClientID          string  `json:"clientId"`
	ConsentID         string  `json:"consentId"`
	Scope             string  `json:"scope"`
	ExternalConsentID *string `json:"externalConsentId"`
}

type arkivertEvent struct {
	ClientID  string `json:"clientId"`
	ConsentID string `json:"consentId"`
}

// feedClient checks the feed token and brings expiry events up to date
// (expiry is decided lazily, spec: §7).
func (s *Service) feedClient(r *http.Request) (string, error) {
	t, _, err := s.springToken(r, audFeed, scopeFeed, func(c model.Client) bool { return c.ConsentEvents })
	if err != nil {
		return "", err
	}
	if err := s.sweep(r.Context()); err != nil {
		return "", err
	}
	return t.ClientID, nil
}

// FeedParams validates fromSequenceNr and limit: both required integers,
// fromSequenceNr ≥ 0 (0 read as 1), limit ≥ 1 (above 1000 clamped).
// spec: gjeldsinformasjon.md §6.6, §13 item 13
func FeedParams(from, limit string) (int64, int, string) {
	if from == "" {
		return 0, 0, "fromSequenceNr is required"
	}
	if limit == "" {
		return 0, 0, "limit is required"
	}
	f, err := strconv.ParseInt(from, 10, 64)
	if err != nil || f < 0 {
		return 0, 0, "fromSequenceNr must be an integer ≥ 0"
	}
	l, err := strconv.ParseInt(limit, 10, 32)
	if err != nil || l < 1 {
		return 0, 0, "limit must be an integer ≥ 1"
	}
	return max(f, 1), int(min(l, maxFeedLimit)), ""
}

// feed is GET /feed/v1/consent. endSequenceNr is the last event of this
// response; an empty page answers start = from, end = from − 1, so a
// client storing endSequenceNr never skips or repeats. spec: §8
func (s *Service) feed(w http.ResponseWriter, r *http.Request) error {
	client, err := s.feedClient(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	from, limit, msg := FeedParams(q.Get("fromSequenceNr"), q.Get("limit"))
	if msg != "" {
		return springErr(http.StatusBadRequest, msg)
	}
	now := s.clock.Now()
	evs, err := s.store.GjeldFeed(r.Context(), client, from, now.Add(-feedRetention), limit)
	if err != nil {
		return err
	}
	resp := feedResponse{StartSequenceNr: from, EndSequenceNr: from - 1, GeneratedAt: isoTime(now), Result: []feedEvent{}}
	for i, e := range evs {
		if i == 0 {
			resp.StartSequenceNr = e.Seq
		}
		resp.EndSequenceNr = e.Seq
		fe := feedEvent{SequenceNr: e.Seq, EventID: e.EventID, ConsentID: e.ConsentID, Timestamp: isoTime(e.Occurred), EventType: e.Type}
		if e.Type == model.EventCreated {
			fe.SamtykkeOpprettetEvent = &opprettetEvent{ClientID: e.ClientID, ConsentID: e.ConsentID, Scope: e.Scope, ExternalConsentID: e.ExternalID}
		} else {
			fe.SamtykkeArkivertEvent = &arkivertEvent{ClientID: e.ClientID, ConsentID: e.ConsentID}
		}
		resp.Result = append(resp.Result, fe)
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// lastSequenceNr never decreases, even after events leave the feed.
func (s *Service) lastSequenceNr(w http.ResponseWriter, r *http.Request) error {
	client, err := s.feedClient(r)
	if err != nil {
		return err
	}
	_, last, err := s.store.GjeldFeedBounds(r.Context(), client, s.clock.Now().Add(-feedRetention))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int64{"lastSequenceNr": last})
	return nil
}

// firstSequenceNr is the oldest retained event, or last + 1 when none.
func (s *Service) firstSequenceNr(w http.ResponseWriter, r *http.Request) error {
	client, err := s.feedClient(r)
	if err != nil {
		return err
	}
	first, last, err := s.store.GjeldFeedBounds(r.Context(), client, s.clock.Now().Add(-feedRetention))
	if err != nil {
		return err
	}
	if first == 0 {
		first = last + 1
	}
	writeJSON(w, http.StatusOK, map[string]int64{"firstSequenceNr": first})
	return nil
}
