package nordigen

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	"github.com/namsfogd/namsfogd/internal/categorise"
)

// result is E4 GET /v2/report/{id} (spec §3.3): exactly request-id and
// status until the record is finished, then one member per requested
// operation (or error when failed).
func (s *Service) result(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.loadRecord(r)
	if err != nil {
		return err
	}
	attrs := map[string]any{"request-id": rec.RequestID, "status": rec.Status}
	if (rec.Status == stCompleted || rec.Status == stFailed) && len(rec.Result) > 0 {
		var stored map[string]json.RawMessage
		if err := json.Unmarshal(rec.Result, &stored); err != nil {
			return err
		}
		for k, v := range stored {
			attrs[k] = v
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
	writeJSON(w, 200, map[string]any{"data": map[string]any{"attributes": attrs, "type": "report processing result"}, "meta": meta})
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
