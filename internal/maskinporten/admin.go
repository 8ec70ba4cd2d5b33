package maskinporten

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/namsfogd/namsfogd/internal/ident"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// maxAdminBody bounds operator request bodies.
const maxAdminBody = 1 << 20

// RegisterAdmin mounts the operator routes under prefix (e.g.
// "/admin/maskinporten"). The mux is expected to be protected by the
// operator token already. The routes are a fixed public interface: users'
// CI scripts depend on them.
func (s *Service) RegisterAdmin(mux *http.ServeMux, prefix string) {
	p := strings.TrimSuffix(prefix, "/")
	h := func(pattern string, fn func(http.ResponseWriter, *http.Request) error) {
		method, path, _ := strings.Cut(pattern, " ")
		mux.HandleFunc(method+" "+p+path, func(w http.ResponseWriter, r *http.Request) {
			if err := fn(w, r); err != nil {
				s.writeAdminError(w, r, err)
			}
		})
	}
	h("POST /clients", s.adminCreateClient)
	h("GET /clients", s.adminListClients)
	h("GET /clients/{id}", s.adminGetClient)
	h("DELETE /clients/{id}", s.adminDeleteClient)
	h("POST /clients/{id}/jwks", s.adminAddClientKeys)
	h("POST /scopes", s.adminPutScope)
	h("GET /scopes", s.adminListScopes)
	h("POST /access", s.adminGrantAccess)
	h("GET /access", s.adminListAccess)
	h("DELETE /access", s.adminRevokeAccess)
	h("POST /delegations", s.adminPutDelegation)
	h("GET /delegations", s.adminListDelegations)
	h("DELETE /delegations", s.adminDeleteDelegation)
	h("POST /systems", s.adminCreateSystem)
	h("GET /systems", s.adminListSystems)
	h("GET /systems/{id}", s.adminGetSystem)
	h("POST /systemusers", s.adminCreateSystemUser)
	h("GET /systemusers", s.adminListSystemUsers)
	h("GET /systemusers/{id}", s.adminGetSystemUser)
	h("POST /systemusers/{id}/approve", s.adminSystemUserStatus)
	h("POST /systemusers/{id}/reject", s.adminSystemUserStatus)
	h("DELETE /systemusers/{id}", s.adminSystemUserStatus)
	h("GET /keys", s.adminListKeys)
	h("POST /keys/rotate", s.adminRotateKey)
	h("POST /certificates", s.adminIssueCertificate)
	h("GET /ca", s.adminCA)
	h("POST /token", s.adminToken)
}

// adminError is an operator API error: {"error", "field", "message"}.
type adminError struct {
	Status  int    `json:"-"`
	Code    string `json:"error"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	// ErrorURI and TraceID are set when token minting was refused by the
	// token endpoint's rules.
	ErrorURI string `json:"error_uri,omitempty"`
	TraceID  string `json:"trace_id,omitempty"`
}

// Error implements error.
func (e *adminError) Error() string { return e.Code + ": " + e.Message }

func badField(field, format string, args ...any) *adminError {
	return &adminError{Status: http.StatusBadRequest, Code: "invalid_request", Field: field, Message: fmt.Sprintf(format, args...)}
}

func notFoundErr(field, format string, args ...any) *adminError {
	return &adminError{Status: http.StatusNotFound, Code: "not_found", Field: field, Message: fmt.Sprintf(format, args...)}
}

func conflictErr(field, format string, args ...any) *adminError {
	return &adminError{Status: http.StatusConflict, Code: "conflict", Field: field, Message: fmt.Sprintf(format, args...)}
}

// writeAdminError renders any error: an *adminError as itself, a
// store.ErrNotFound / ErrConflict as 404 / 409, anything else as a logged
// 500 with a generic message.
func (s *Service) writeAdminError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *adminError
	switch {
	case errors.As(err, &ae):
	case errors.Is(err, store.ErrNotFound):
		ae = notFoundErr("", "not found")
	case errors.Is(err, store.ErrConflict):
		ae = conflictErr("", "already exists")
	default:
		s.log.ErrorContext(r.Context(), "maskinporten: operator request failed", "path", r.URL.Path, "err", err)
		ae = &adminError{Status: http.StatusInternalServerError, Code: "server_error", Message: "internal error"}
	}
	writeJSON(w, ae.Status, ae)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// decodeJSON reads one JSON object of at most maxAdminBody bytes into v,
// rejecting unknown fields and trailing data, and names the bad field.
// The Content-Type is not checked: `curl -d @client.json` sends
// application/x-www-form-urlencoded, and CI scripts do exactly that.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAdminBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.Decode(&struct{}{}) != io.EOF {
			return badField("", "the body must hold exactly one JSON object")
		}
		return nil
	}
	var (
		mbe *http.MaxBytesError
		ute *json.UnmarshalTypeError
		se  *json.SyntaxError
	)
	switch {
	case errors.As(err, &mbe):
		return &adminError{Status: http.StatusRequestEntityTooLarge, Code: "request_too_large", Message: "the body exceeds 1 MiB"}
	case errors.As(err, &ute):
		return badField(ute.Field, "%s must be a JSON %s", ute.Field, jsonKind(ute.Type.Kind().String()))
	case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return badField("", "the body is not valid JSON")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return badField(f, "unknown field %q", f)
	}
	return badField("", "the body is not valid JSON")
}

func jsonKind(k string) string {
	switch k {
	case "slice", "array":
		return "array"
	case "map", "struct":
		return "object"
	case "int", "int64", "float64", "uint", "uint64":
		return "number"
	}
	return k
}

var (
	reClientID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$`)
	reScope    = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*:[A-Za-z0-9._/:-]{1,200}$`)
	reSystemID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)
)

// validOrg checks an organisation number field.
func validOrg(field, orgnr string) error {
	if orgnr == "" {
		return badField(field, "%s is required", field)
	}
	if err := ident.ValidateOrgNr(orgnr); err != nil {
		return badField(field, "%s is not a valid organisation number: %v", field, err)
	}
	return nil
}

// addOrgs adds valid organisation numbers the world does not hold yet
// (the self-service equivalent of "we create test data for your
// organisation number"). Handlers call it after every validation, just
// before their own write, so a refused request changes nothing.
func (s *Service) addOrgs(ctx context.Context, orgnrs ...string) error {
	if s.orgs == nil {
		return nil
	}
	for _, orgnr := range orgnrs {
		_, err := s.orgs.GetOrganisation(ctx, orgnr)
		if !errors.Is(err, store.ErrNotFound) {
			if err != nil {
				return err
			}
			continue
		}
		err = s.orgs.CreateOrganisation(ctx, world.Organisation{OrgNr: orgnr, Name: "TESTORGANISASJON " + orgnr, Roles: []string{}})
		if err != nil && !errors.Is(err, store.ErrConflict) { // ErrConflict: created concurrently
			return err
		}
		if err == nil {
			s.log.InfoContext(ctx, "maskinporten: organisation added to the world", "orgnr", orgnr)
		}
	}
	return nil
}

// scopeList validates scope names and checks that they exist.
func (s *Service) scopeList(ctx context.Context, field string, names []string) error {
	for i, n := range names {
		if !reScope.MatchString(n) {
			return badField(fmt.Sprintf("%s[%d]", field, i), "%q is not a scope name (prefix:subscope)", n)
		}
	}
	defs, err := s.store.MPGetScopes(ctx, names)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, d := range defs {
		have[d.Name] = true
	}
	for i, n := range names {
		if !have[n] {
			return badField(fmt.Sprintf("%s[%d]", field, i), "unknown scope %q; create it with POST /admin/maskinporten/scopes", n)
		}
	}
	return nil
}
