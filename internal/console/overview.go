package console

import (
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/world"
)

// clockView is GET /admin/clock.
type clockView struct {
	Mode     string `json:"mode"`
	Now      string `json:"now"`
	Today    string `json:"today"`
	FrozenAt string `json:"frozen_at"`
	Offset   string `json:"offset"`
}

// worldView is GET /admin/world.
type worldView struct {
	World struct {
		Seed     uint64    `json:"seed"`
		Persons  int       `json:"persons"`
		LoadedAt time.Time `json:"loaded_at"`
	} `json:"world"`
	Counts map[string]int64 `json:"counts"`
	Today  string           `json:"today"`
}

type signInData struct {
	Next string
}

type overviewData struct {
	Services []Service
	Clock    clockView
	NowLocal string
	World    worldView
	Counts   []countRow
	Admin    string
	BaseURL  string
}

type countRow struct {
	Name  string
	Count int64
}

// home is the overview for a signed-in operator and the sign-in form
// for anyone else.
func (c *Console) home(w http.ResponseWriter, r *http.Request) {
	s, ok := c.session(r)
	if !ok {
		c.render(w, r, http.StatusOK, "signin", &page{Title: "Sign in", Data: signInData{Next: safeNext(c.prefix, r.URL.Query().Get("next"))}})
		return
	}
	if err := c.overview(w, r, s); err != nil {
		c.renderError(w, r, err)
	}
}

func (c *Console) overview(w http.ResponseWriter, r *http.Request, s session) error {
	ctx := r.Context()
	d := overviewData{Services: c.cfg.Services(), Admin: c.cfg.BaseURL + c.cfg.AdminPrefix, BaseURL: c.cfg.BaseURL}
	if err := c.api.call(ctx, "GET", c.admin("/clock"), nil, nil, &d.Clock); err != nil {
		return err
	}
	if t, err := time.Parse(time.RFC3339Nano, d.Clock.Now); err == nil {
		d.NowLocal = timestamp(t)
	}
	if err := c.api.call(ctx, "GET", c.admin("/world"), nil, nil, &d.World); err != nil {
		return err
	}
	for _, k := range []string{"persons", "organisations", "accounts", "account_parties", "employments", "debts"} {
		d.Counts = append(d.Counts, countRow{strings.ReplaceAll(k, "_", " "), d.World.Counts[k]})
	}
	p := c.signedInPage(s, "overview", "Overview")
	p.Data = d
	c.render(w, r, http.StatusOK, "overview", p)
	return nil
}

// safeNext keeps a post-sign-in destination only when it is a console
// path on this server.
func safeNext(prefix, next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, prefix+"/") ||
		strings.Contains(next, "\\") || strings.HasPrefix(next, "//") {
		return ""
	}
	if c := path.Clean(u.Path); c != u.Path && c+"/" != u.Path {
		return "" // dot segments
	}
	return u.RequestURI()
}

// login checks the typed operator token and starts a session.
func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	next := safeNext(c.prefix, r.PostFormValue("next"))
	if !c.tokenMatches(r.PostFormValue("token")) {
		c.cfg.Logger.WarnContext(r.Context(), "console: sign-in refused", "remote", r.RemoteAddr)
		c.render(w, r, http.StatusUnauthorized, "signin", &page{Title: "Sign in",
			Error: "That is not the operator token. It is printed when namsfogd starts and saved in <data-dir>/operator-token.",
			Data:  signInData{Next: next}})
		return
	}
	c.newSession(w)
	c.cfg.Logger.InfoContext(r.Context(), "console: operator signed in", "remote", r.RemoteAddr)
	if next == "" {
		next = c.prefix + "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// logout ends the session. It needs the CSRF token, so that another site
// cannot sign the operator out.
func (c *Console) logout(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if s, ok := c.session(r); ok && !c.csrfValid(r, s) {
		c.renderError(w, r, &pageError{Status: http.StatusForbidden, Title: "Refused", Message: "The form's anti-forgery token is missing or stale."})
		return
	}
	c.endSession(w)
	http.Redirect(w, r, c.prefix+"/", http.StatusSeeOther)
}

// setClock moves the world's clock: freeze at a date (and time), freeze
// now, advance by a duration, set an offset, or back to real time.
func (c *Console) setClock(w http.ResponseWriter, r *http.Request, s session) error {
	ctx := r.Context()
	var cur clockView
	if err := c.api.call(ctx, "GET", c.admin("/clock"), nil, nil, &cur); err != nil {
		return err
	}
	var body map[string]string
	switch r.PostFormValue("action") {
	case "real":
		body = map[string]string{"mode": world.ClockReal}
	case "freeze-now":
		body = map[string]string{"mode": world.ClockFrozen, "time": cur.Now}
	case "freeze":
		date, at := strings.TrimSpace(r.PostFormValue("date")), strings.TrimSpace(r.PostFormValue("time"))
		if date == "" {
			return c.failed(w, r, "/", &apiError{Status: 400, Field: "date", Message: "give a date to freeze the clock at"})
		}
		body = map[string]string{"mode": world.ClockFrozen, "date": date}
		if at != "" {
			t, err := time.ParseInLocation("2006-01-02 15:04", date+" "+at, world.Oslo)
			if err != nil {
				return c.failed(w, r, "/", &apiError{Status: 400, Field: "time", Message: "date must be YYYY-MM-DD and time HH:MM"})
			}
			body = map[string]string{"mode": world.ClockFrozen, "time": t.Format(time.RFC3339)}
		}
	case "advance":
		by := r.PostFormValue("by")
		d, err := parseDuration(by)
		if err != nil {
			return c.failed(w, r, "/", &apiError{Status: 400, Field: "by", Message: err.Error()})
		}
		switch cur.Mode {
		case world.ClockFrozen:
			t, err := time.Parse(time.RFC3339Nano, cur.FrozenAt)
			if err != nil {
				return err
			}
			if n, ok := strings.CutSuffix(strings.TrimSpace(by), "d"); ok {
				// Whole days are calendar days in Oslo, so 09:30 stays
				// 09:30 across a change to or from summer time.
				days, _ := strconv.Atoi(n)
				t = t.In(world.Oslo).AddDate(0, 0, days)
			} else {
				t = t.Add(d)
			}
			body = map[string]string{"mode": world.ClockFrozen, "time": t.Format(time.RFC3339Nano)}
		case world.ClockOffset:
			o, err := time.ParseDuration(cur.Offset)
			if err != nil {
				return err
			}
			body = map[string]string{"mode": world.ClockOffset, "offset": (o + d).String()}
		default:
			body = map[string]string{"mode": world.ClockOffset, "offset": d.String()}
		}
	case "offset":
		d, err := parseDuration(r.PostFormValue("offset"))
		if err != nil {
			return c.failed(w, r, "/", &apiError{Status: 400, Field: "offset", Message: err.Error()})
		}
		body = map[string]string{"mode": world.ClockOffset, "offset": d.String()}
	default:
		return &pageError{Status: http.StatusBadRequest, Title: "Bad request", Message: "unknown clock action"}
	}
	var now clockView
	if err := c.api.call(ctx, "PUT", c.admin("/clock"), nil, body, &now); err != nil {
		return c.failed(w, r, "/", err)
	}
	msg := "The clock is real time again."
	switch now.Mode {
	case world.ClockFrozen:
		msg = "The clock is frozen; today is " + now.Today + "."
	case world.ClockOffset:
		msg = "The clock runs " + now.Offset + " ahead of real time; today is " + now.Today + "."
	}
	return c.done(w, r, "/", msg)
}

// parseDuration reads a Go duration ("36h", "-30m") or whole days
// ("7d", "-1d").
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err == nil && days >= -36500 && days <= 36500 {
			return time.Duration(days) * 24 * time.Hour, nil
		}
	} else if d, err := time.ParseDuration(s); err == nil {
		return d, nil
	}
	return 0, &apiError{Status: 400, Message: "a duration is whole days like 7d or a Go duration like 36h or -30m"}
}

// resetWorld rebuilds the world from a seed and a size.
func (c *Console) resetWorld(w http.ResponseWriter, r *http.Request, s session) error {
	if r.PostFormValue("confirm") != "yes" {
		return c.failed(w, r, "/", &apiError{Status: 400, Field: "confirm", Message: "tick the box to confirm that the whole world is replaced"})
	}
	seed, err := strconv.ParseUint(strings.TrimSpace(r.PostFormValue("seed")), 10, 64)
	if err != nil {
		return c.failed(w, r, "/", &apiError{Status: 400, Field: "seed", Message: "seed must be a whole number"})
	}
	persons, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("persons")))
	if err != nil {
		return c.failed(w, r, "/", &apiError{Status: 400, Field: "persons", Message: "persons must be a whole number"})
	}
	if err := c.api.call(r.Context(), "POST", c.admin("/world/reset"), nil, map[string]any{"seed": seed, "persons": persons}, nil); err != nil {
		return c.failed(w, r, "/", err)
	}
	return c.done(w, r, "/", "The world was rebuilt from seed "+strconv.FormatUint(seed, 10)+" with "+strconv.Itoa(persons)+" persons.")
}
