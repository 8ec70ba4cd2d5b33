package nordigen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/namsfogd/namsfogd/internal/categorise"
	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/store"
)

// result is E4 GET /v2/report/{id} (spec §3.3): exactly request-id and
// status until the record is finished, then one member per requested
// operation (or error when failed).
func (s *Service) result(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.loadRecord(r)
	if err != nil {
		return err
	}
	// The stored result is this service's own JSON object of operation
	// members (resultblob.go); it is spliced into the attributes, never
	// decoded again (a completed result can be tens of MB).
	head, _ := marshal(map[string]string{"request-id": rec.RequestID, "status": rec.Status})
	head = bytes.TrimRight(head, "\n")
	var res storedResult
	hasResult := (rec.Status == stCompleted || rec.Status == stFailed) && len(rec.Result) > 2
	if hasResult {
		if res, err = parseStoredResult(rec.Result); err != nil {
			return fmt.Errorf("record %s: %w", rec.RequestID, err)
		}
		if res.plain != nil && len(bytes.TrimSpace(res.plain[1:len(res.plain)-1])) == 0 {
			hasResult = false // {}: the attributes are the head alone
		}
	}
	meta := map[string]any{"created-at": rfc3339(rec.CreatedAt)}
	if !rec.QueuedAt.IsZero() {
		meta["queued-at"] = rfc3339(rec.QueuedAt)
	}
	if !rec.FinishedAt.IsZero() {
		meta["finished-at"] = rfc3339(rec.FinishedAt)
	}
	if len(rec.Request) > 0 {
		var req processRequest
		if json.Unmarshal(rec.Request, &req) == nil {
			meta["country"], meta["operations"] = req.Country, req.Operations
		}
	}
	if len(rec.Webhook) > 0 {
		meta["webhook"] = json.RawMessage(rec.Webhook)
	}
	// Reading finished results discloses the analysis: audit it before
	// answering (no audit record, no answer). Status polls disclose
	// nothing and are not audited.
	if rec.Status == stCompleted || rec.Status == stFailed {
		var rm recordMeta
		json.Unmarshal(rec.Meta, &rm)
		c := clientOf(r.Context())
		if _, err := s.st.AppendAudit(r.Context(), store.AuditRecord{Time: s.clock.Now(), Service: "nordigen", Action: "report.read",
			Actor: c.ID, SubjectID: rm.Subject, Correlation: httpx.CorrelationID(r.Context()), Outcome: rec.Status,
			Details: map[string]any{"request-id": rec.RequestID}}); err != nil {
			return err
		}
	}
	mb, err := marshal(meta)
	if err != nil {
		return err
	}
	// Assembled by hand: the encoder would re-validate and compact the
	// spliced attributes. The body is prefix + attributes + suffix.
	const prefix = `{"data":{"attributes":`
	suffix := make([]byte, 0, len(head)+len(mb)+64)
	if hasResult {
		// The result's members, then the head's (the object's braces
		// are shared).
		suffix = append(suffix, ',')
		suffix = append(suffix, head[1:]...)
	} else {
		suffix = append(suffix, head...)
	}
	suffix = append(suffix, `,"type":"report processing result"},"meta":`...)
	suffix = append(suffix, bytes.TrimRight(mb, "\n")...)
	suffix = append(suffix, "}\n"...)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	switch {
	case !hasResult || res.plain != nil:
		var mid []byte
		if hasResult {
			mid = res.plain[:len(res.plain)-1]
		}
		body := make([]byte, 0, len(prefix)+len(mid)+len(suffix))
		body = append(body, prefix...)
		body = append(body, mid...)
		body = append(body, suffix...)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(200)
		w.Write(body)
	case acceptsGzip(r):
		// The stored stream goes out as it is (resultblob.go).
		body := res.gzipBody([]byte(prefix), suffix)
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Vary", "Accept-Encoding")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(200)
		w.Write(body)
	default:
		w.Header().Set("Vary", "Accept-Encoding")
		w.Header().Set("Content-Length", strconv.FormatUint(uint64(len(prefix))+res.n+uint64(len(suffix)), 10))
		w.WriteHeader(200)
		io.WriteString(w, prefix)
		zr := res.inflate()
		defer zr.Close()
		if _, err := io.Copy(w, zr); err != nil {
			// The status is sent: all that is left is to cut the body
			// short, which the client sees against Content-Length.
			s.log.Error("nordigen: stored result cannot be inflated", slog.String("request_id", rec.RequestID), slog.Any("err", err))
			return nil
		}
		w.Write(suffix)
	}
	return nil
}

// acceptsGzip reports whether the request's Accept-Encoding admits gzip
// (RFC 9110 §12.5.3): listed as gzip, x-gzip or *, without q=0.
func acceptsGzip(r *http.Request) bool {
	ok := false
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, item := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(item, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			if coding != "gzip" && coding != "x-gzip" && coding != "*" {
				continue
			}
			q := 1.0
			for _, p := range strings.Split(params, ";") {
				if k, v, found := strings.Cut(strings.TrimSpace(p), "="); found && strings.EqualFold(strings.TrimSpace(k), "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
						q = f
					}
				}
			}
			if coding == "*" {
				if q > 0 && !ok {
					ok = true
				}
				continue
			}
			return q > 0
		}
	}
	return ok
}

func sortedModels(m []string) []string {
	out := slices.Clone(m)
	slices.Sort(out)
	if out == nil {
		out = []string{}
	}
	return out
}

// models is E5 GET /v2/available-models (spec §3.4).
func (s *Service) models(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, 200, map[string]any{"data": map[string]any{
		"attributes": map[string]any{"available-models": sortedModels(clientOf(r.Context()).Models)},
		"type":       "models list",
	}})
	return nil
}

// treeNode is one category of E6 with exactly the five keys of §3.5.
type treeNode struct {
	ID       int    `json:"id"`
	Level    int    `json:"level"`
	ParentID *int   `json:"parent_id"`
	Title    string `json:"readable-title"`
	Type     string `json:"type"`
}

// categoryTree is E6 GET /v2/category-tree/{country} (spec §3.5).
func (s *Service) categoryTree(w http.ResponseWriter, r *http.Request) error {
	c, ok := categorise.NormaliseCountry(r.PathValue("country"))
	if !ok {
		return fail("UNSUPPORTED_COUNTRY_REQUESTED", fmt.Sprintf("Country %q is not supported; use no or uk.", r.PathValue("country")), "country")
	}
	var nodes []treeNode
	for _, n := range categorise.Nodes() {
		tn := treeNode{ID: n.ID, Level: n.Level, Title: n.Title(c), Type: n.Type}
		if n.Parent != 0 {
			p := n.Parent
			tn.ParentID = &p
		}
		nodes = append(nodes, tn)
	}
	writeJSON(w, 200, map[string]any{"data": []any{map[string]any{
		"attributes": map[string]any{"categories": nodes, "category_tree_version": categorise.TreeVersion(c), "country": c},
		"type":       "category tree",
	}}})
	return nil
}
