package admin

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/world"
)

// SettingClock is the store setting that holds the clock, shared by every
// process on one database.
const SettingClock = "clock"

type clockView struct {
	Mode     string `json:"mode"`
	Now      string `json:"now"`
	Today    string `json:"today"`
	FrozenAt string `json:"frozen_at,omitempty"`
	Offset   string `json:"offset,omitempty"`
}

func (a *API) view() clockView {
	s := a.cfg.Clock.Setting()
	v := clockView{Mode: s.Mode, Now: a.cfg.Clock.Now().Format(time.RFC3339Nano), Today: string(a.cfg.Clock.Today())}
	if s.Mode == world.ClockFrozen {
		v.FrozenAt = s.Frozen.UTC().Format(time.RFC3339Nano)
	}
	if s.Mode == world.ClockOffset {
		v.Offset = s.Offset.String()
	}
	return v
}

func (a *API) getClock(w http.ResponseWriter, r *http.Request) error {
	httpx.WriteJSON(w, http.StatusOK, a.view())
	return nil
}

// putClock sets the clock. Bodies:
//
//	{"mode":"real"}
//	{"mode":"frozen","time":"2026-03-01T09:00:00Z"}   (or "date":"2026-03-01": frozen at 12:00 Oslo time)
//	{"mode":"offset","offset":"72h"}
//	{"time":"..."} alone means frozen.
func (a *API) putClock(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		Mode   string `json:"mode"`
		Time   string `json:"time"`
		Date   string `json:"date"`
		Offset string `json:"offset"`
	}
	if err := httpx.DecodeJSON(w, r, 4096, &body); err != nil {
		return err
	}
	s := world.ClockSetting{Mode: body.Mode}
	if s.Mode == "" {
		if body.Offset != "" {
			s.Mode = world.ClockOffset
		} else {
			s.Mode = world.ClockFrozen
		}
	}
	switch s.Mode {
	case world.ClockReal:
	case world.ClockFrozen:
		switch {
		case body.Time != "":
			t, err := time.Parse(time.RFC3339Nano, body.Time)
			if err != nil {
				return badField("time", "time must be RFC 3339, e.g. 2026-03-01T09:00:00Z")
			}
			s.Frozen = t
		case body.Date != "":
			d, err := time.ParseInLocation("2006-01-02", body.Date, world.Oslo)
			if err != nil {
				return badField("date", "date must be YYYY-MM-DD")
			}
			s.Frozen = d.Add(12 * time.Hour)
		default:
			return badField("time", "a frozen clock needs time or date")
		}
	case world.ClockOffset:
		d, err := time.ParseDuration(body.Offset)
		if err != nil {
			return badField("offset", "offset must be a Go duration, e.g. 72h or -30m")
		}
		s.Offset = d
	default:
		return badField("mode", "mode must be real, frozen or offset")
	}
	b, _ := json.Marshal(s)
	if err := a.cfg.Store.PutSetting(r.Context(), SettingClock, b); err != nil {
		return err
	}
	if err := a.cfg.Clock.Set(s); err != nil {
		return badField("mode", err.Error())
	}
	httpx.WriteJSON(w, http.StatusOK, a.view())
	return nil
}
