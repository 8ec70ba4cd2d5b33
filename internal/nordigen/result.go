package nordigen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"

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
	// members; it is spliced into the attributes as bytes, never decoded
	// again (a completed result can be tens of MB).
	head, _ := marshal(map[string]string{"request-id": rec.RequestID, "status": rec.Status})
	head = bytes.TrimRight(head, "\n")
	attrs := head
	if (rec.Status == stCompleted || rec.Status == stFailed) && len(rec.Result) > 2 {
		res := bytes.TrimSpace(rec.Result)
		if len(res) < 2 || res[0] != '{' || res[len(res)-1] != '}' {
			return fmt.Errorf("record %s: stored result is not an object", rec.RequestID)
		}
		if len(bytes.TrimSpace(res[1:len(res)-1])) > 0 {
			attrs = make([]byte, 0, len(res)+len(head)+1)
			attrs = append(attrs, res[:len(res)-1]...)
			attrs = append(attrs, ',')
			attrs = append(attrs, head[1:]...)
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
	// spliced attributes.
	body := make([]byte, 0, len(attrs)+len(mb)+64)
	body = append(body, `{"data":{"attributes":`...)
	body = append(body, attrs...)
	body = append(body, `,"type":"report processing result"},"meta":`...)
	body = append(body, bytes.TrimRight(mb, "\n")...)
	body = append(body, "}\n"...)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(200)
	w.Write(body)
	return nil
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
