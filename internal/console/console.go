package console

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Service is one service the server offers, with its base URL.
type Service struct {
	Name string
	URL  string
}

// Config holds the console's dependencies.
type Config struct {
	// API serves the operator API (under AdminPrefix, guarded by the
	// operator token) and the public APIs; normally the server's mux.
	API http.Handler
	// OperatorToken is what the operator signs in with; the console also
	// uses it to call API.
	OperatorToken string
	// BaseURL is the server's public base URL, for the examples the
	// console shows.
	BaseURL string
	// Services lists the services and their base URLs.
	Services func() []Service
	Version  string
	Logger   *slog.Logger
	// AdminPrefix is where the operator API is mounted ("/admin").
	AdminPrefix string
	// UtleggPrefix is the utleggsbegjæring API's base path, whose message
	// feed lists a collector's cases.
	UtleggPrefix string
	// SecureCookies marks the cookies Secure (the public URL is https).
	SecureCookies bool
	// Now is the wall clock for session expiry (default time.Now); never
	// the world's simulated clock.
	Now func() time.Time
}

// Console is the web console.
type Console struct {
	cfg    Config
	api    *apiClient
	key    []byte
	prefix string
	pages  map[string]*template.Template
}

// New returns the console. It panics if an embedded template does not
// parse (a build error, caught by every test).
func New(cfg Config) *Console {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.AdminPrefix == "" {
		cfg.AdminPrefix = "/admin"
	}
	if cfg.UtleggPrefix == "" {
		cfg.UtleggPrefix = "/skatt/api/utleggsbegjaering/v1"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Services == nil {
		cfg.Services = func() []Service { return nil }
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Console{cfg: cfg, api: &apiClient{h: cfg.API, token: cfg.OperatorToken},
		key: sessionKey(cfg.OperatorToken), pages: parsePages()}
}

func parsePages() map[string]*template.Template {
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html"))
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(assets, n))
	}
	return out
}

// Register mounts the console under prefix (e.g. "/console") on mux:
// prefix redirects to prefix+"/", and everything under prefix+"/" is the
// console's.
func (c *Console) Register(mux *http.ServeMux, prefix string) {
	c.prefix = strings.TrimRight(prefix, "/")
	p := c.prefix
	inner := http.NewServeMux()
	get := func(path string, h handler) { inner.HandleFunc("GET "+p+path, c.authed(h)) }
	post := func(path string, h handler) { inner.HandleFunc("POST "+p+path, c.authed(h)) }

	inner.HandleFunc("GET "+p+"/{$}", c.home)
	inner.HandleFunc("POST "+p+"/login", c.login)
	inner.HandleFunc("POST "+p+"/logout", c.logout)
	inner.HandleFunc("GET "+p+"/static/{file}", c.static)
	post("/clock", c.setClock)
	post("/world/reset", c.resetWorld)
	get("/persons", c.persons)
	get("/organisations", c.organisations)
	get("/create", c.createForms)
	post("/create/{kind}", c.create)
	get("/clients", c.clients)
	post("/clients", c.createClient)
	post("/clients/token", c.mintToken)
	post("/systemusers/{action}", c.systemUserAction)
	get("/utlegg", c.utlegg)
	post("/utlegg/{action}", c.utleggAction)
	get("/trekkpaalegg", c.trekk)
	post("/trekkpaalegg/{action}", c.trekkAction)
	get("/audit", c.audit)
	inner.HandleFunc(p+"/", func(w http.ResponseWriter, r *http.Request) {
		c.renderError(w, r, &pageError{Status: http.StatusNotFound, Title: "Not found", Message: "The console has no page " + r.URL.Path + "."})
	})

	protect := http.NewCrossOriginProtection()
	h := c.headers(protect.Handler(inner))
	mux.Handle(p+"/", h)
	mux.Handle(p, c.headers(http.RedirectHandler(p+"/", http.StatusSeeOther)))
}

// headers sets the security headers every console answer carries.
func (c *Console) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// No script at all; styles and images from the console only;
		// forms post to the console only; never framed.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// handler is a signed-in page or action. It returns errors as values;
// renderError shows them.
type handler func(w http.ResponseWriter, r *http.Request, s session) error

// authed checks the session (and, for a POST, its CSRF token) before h.
func (c *Console) authed(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, ok := c.session(r)
		if !ok {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, c.prefix+"/?"+url.Values{"next": {r.URL.RequestURI()}}.Encode(), http.StatusSeeOther)
				return
			}
			c.renderError(w, r, &pageError{Status: http.StatusUnauthorized, Title: "Signed out",
				Message: "Your console session has ended. Sign in again; nothing was changed."})
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, 2<<20)
			if !c.csrfValid(r, s) {
				c.renderError(w, r, &pageError{Status: http.StatusForbidden, Title: "Refused",
					Message: "The form's anti-forgery token is missing or stale. Reload the page and try again; nothing was changed."})
				return
			}
		}
		if err := h(w, r, s); err != nil {
			c.renderError(w, r, err)
		}
	}
}

// pageError is an error shown as a whole page.
type pageError struct {
	Status  int
	Title   string
	Message string
}

func (e *pageError) Error() string { return e.Message }

// renderError shows a handler's error: a page error as itself, an API
// answer with its status and message (a 5xx as a bad gateway, since the
// console itself did not fail), anything else as a logged 500 with a
// generic message.
func (c *Console) renderError(w http.ResponseWriter, r *http.Request, err error) {
	var (
		pe *pageError
		ae *apiError
	)
	switch {
	case errors.As(err, &pe):
	case errors.As(err, &ae) && ae.Status < 500:
		pe = &pageError{Status: ae.Status, Title: http.StatusText(ae.Status), Message: ae.Error()}
	case errors.As(err, &ae):
		c.cfg.Logger.ErrorContext(r.Context(), "console: operator API failed", "status", ae.Status, "message", ae.Message, "path", r.URL.Path)
		pe = &pageError{Status: http.StatusBadGateway, Title: "The operator API failed", Message: ae.Message}
	case errors.Is(err, context.Canceled):
		return
	default:
		c.cfg.Logger.ErrorContext(r.Context(), "console: internal error", "err", err, "path", r.URL.Path)
		pe = &pageError{Status: http.StatusInternalServerError, Title: "Internal error", Message: "The console failed; the server log has the details."}
	}
	s, signedIn := c.session(r)
	p := &page{Title: pe.Title, Error: pe.Message}
	if signedIn {
		p.CSRF = c.csrf(s)
		p.SignedIn = true
	}
	c.render(w, r, pe.Status, "error", p)
}

// page is what every template gets; Data is the page's own part.
type page struct {
	Title    string
	Nav      string
	Base     string
	CSRF     string
	SignedIn bool
	Version  string
	Flash    *flash
	Error    string
	Data     any
}

// render executes a page template; the answer is never cached.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	p.Base = c.prefix
	p.Version = c.cfg.Version
	if p.Flash == nil {
		p.Flash = c.takeFlash(w, r)
	}
	t, ok := c.pages[name]
	if !ok {
		c.cfg.Logger.ErrorContext(r.Context(), "console: no template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout.html", p); err != nil {
		c.cfg.Logger.ErrorContext(r.Context(), "console: render failed", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// signedInPage starts a page for a signed-in operator.
func (c *Console) signedInPage(s session, nav, title string) *page {
	return &page{Title: title, Nav: nav, CSRF: c.csrf(s), SignedIn: true}
}

// done ends a successful action: a one-time message, then a redirect
// (303) to a console page, so reloading does not repeat the action.
func (c *Console) done(w http.ResponseWriter, r *http.Request, to, msg string) error {
	c.setFlash(w, "ok", msg)
	http.Redirect(w, r, c.prefix+to, http.StatusSeeOther)
	return nil
}

// failed ends a refused action the same way, with the API's reason.
func (c *Console) failed(w http.ResponseWriter, r *http.Request, to string, err error) error {
	var ae *apiError
	if !errors.As(err, &ae) || ae.Status >= 500 {
		return err
	}
	c.setFlash(w, "error", ae.Error())
	http.Redirect(w, r, c.prefix+to, http.StatusSeeOther)
	return nil
}

func (c *Console) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	b, err := assets.ReadFile("static/" + name)
	if err != nil || strings.Contains(name, "/") {
		http.NotFound(w, r)
		return
	}
	switch {
	case strings.HasSuffix(name, ".css"):
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case strings.HasSuffix(name, ".svg"):
		w.Header().Set("Content-Type", "image/svg+xml")
	default:
		w.Header().Set("Content-Type", "application/octet-stream")
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	w.Write(b)
}

// admin is the path of an operator route.
func (c *Console) admin(path string) string { return c.cfg.AdminPrefix + path }

// safeSegment reports whether s can be one path segment of an API route
// (a case reference, an order id): 1-128 characters, no slash, not a
// dot segment.
func safeSegment(s string) bool {
	if s == "" || len(s) > 128 || s == "." || s == ".." {
		return false
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; b <= ' ' || b == '/' || b == '\\' || b == '?' || b == '#' || b == '%' || b >= 0x7f {
			return false
		}
	}
	return true
}
