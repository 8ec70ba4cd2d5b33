package utlegg

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
)

// Content negotiation (spec: utleggsbegjaering.md §5.2).

type format int

const (
	formatNone format = iota
	formatJSON
	formatXML
)

const contentTypeJSON = "application/json; charset=UTF-8"

// negotiate picks the response format from an Accept header: JSON for a
// missing header, */*, application/* and application/json; XML when
// application/xml or text/xml has a higher q-value (ties go to JSON);
// formatNone when neither is acceptable.
func negotiate(accept string) format {
	if strings.TrimSpace(accept) == "" {
		return formatJSON
	}
	// For each media range keep the q-value of the most specific range
	// that matches JSON and XML respectively.
	jq, jspec, xq, xspec := 0.0, -1, 0.0, -1
	for _, part := range strings.Split(accept, ",") {
		fields := strings.Split(part, ";")
		mt := strings.ToLower(strings.TrimSpace(fields[0]))
		q := 1.0
		for _, p := range fields[1:] {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				q = f
			}
		}
		js, xs := -1, -1
		switch mt {
		case "*/*", "*":
			js, xs = 0, 0
		case "application/*":
			js, xs = 1, 1
		case "application/json":
			js = 2
		case "application/xml", "text/xml":
			xs = 2
		case "text/*":
			xs = 1
		}
		if js > jspec {
			jspec, jq = js, q
		}
		if xs > xspec {
			xspec, xq = xs, q
		}
	}
	switch {
	case jq <= 0 && xq <= 0:
		return formatNone
	case xq > jq:
		return formatXML
	default:
		return formatJSON
	}
}

// respond writes v with status in the negotiated format; for XML, root
// names the root element when v does not name its own.
func respond(w http.ResponseWriter, r *http.Request, status int, v any) error {
	if negotiate(r.Header.Get("Accept")) == formatXML {
		b, err := xml.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/xml; charset=UTF-8")
		w.WriteHeader(status)
		w.Write([]byte(xml.Header))
		w.Write(append(b, '\n'))
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
	return nil
}
