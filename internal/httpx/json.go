package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// MaxJSONBody is the default limit of a JSON request body.
const MaxJSONBody = 1 << 20

// DecodeError says why a JSON body was refused; Field names the offending
// field when known.
type DecodeError struct {
	Status  int
	Field   string
	Message string
}

func (e *DecodeError) Error() string { return e.Message }

// DecodeJSON reads exactly one JSON value of at most limit bytes into v,
// refusing unknown fields and trailing data.
func DecodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) *DecodeError {
	if limit <= 0 {
		limit = MaxJSONBody
	}
	// Missing or generic content types are tolerated (curl -d sends
	// application/x-www-form-urlencoded); a body declared as something
	// else entirely is refused.
	if ct := strings.ToLower(r.Header.Get("Content-Type")); strings.Contains(ct, "xml") || strings.HasPrefix(ct, "multipart/") {
		return &DecodeError{Status: http.StatusUnsupportedMediaType, Message: "Content-Type must be application/json"}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeErr(err, limit)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		if err != nil {
			if de := decodeErr(err, limit); de.Status == http.StatusRequestEntityTooLarge {
				return de
			}
		}
		return &DecodeError{Status: http.StatusBadRequest, Message: "request body must hold exactly one JSON value"}
	}
	return nil
}

func decodeErr(err error, limit int64) *DecodeError {
	var (
		maxErr   *http.MaxBytesError
		syntax   *json.SyntaxError
		typeErr  *json.UnmarshalTypeError
		field    string
		tooLarge = errors.As(err, &maxErr)
	)
	switch {
	case tooLarge:
		return &DecodeError{Status: http.StatusRequestEntityTooLarge, Message: fmt.Sprintf("request body larger than %d bytes", limit)}
	case errors.Is(err, io.EOF):
		return &DecodeError{Status: http.StatusBadRequest, Message: "request body is empty"}
	case errors.As(err, &syntax):
		return &DecodeError{Status: http.StatusBadRequest, Message: fmt.Sprintf("malformed JSON at byte %d: %v", syntax.Offset, err)}
	case errors.As(err, &typeErr):
		field = typeErr.Field
		return &DecodeError{Status: http.StatusBadRequest, Field: field, Message: fmt.Sprintf("field %q must be %s, got %s", field, typeErr.Type, typeErr.Value)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field = strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &DecodeError{Status: http.StatusBadRequest, Field: field, Message: fmt.Sprintf("unknown field %q", field)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &DecodeError{Status: http.StatusBadRequest, Message: "malformed JSON: unexpected end of body"}
	}
	return &DecodeError{Status: http.StatusBadRequest, Message: "malformed JSON: " + err.Error()}
}

// WriteJSON writes v as JSON with the status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"error":"internal_error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
