package nordigen

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/nordigen/record"
	"github.com/namsfogd/namsfogd/internal/statement"
)

// Operation keywords (spec §3.2).
const (
	opCategorisation = "categorisation"
	opCreditScoring  = "credit-scoring"
	opCreditScores   = "credit-scores"
)

// Record states (spec §4.1).
const (
	stUploaded   = "uploaded"
	stQueued     = "queued"
	stProcessing = "processing"
	stCompleted  = "completed"
	stFailed     = "failed"
	stExpired    = "expired"
)

// fileMeta is one entry of meta.files (spec §3.1).
type fileMeta struct {
	Index      int    `json:"index"`
	Filename   string `json:"filename"`
	Format     string `json:"format"`
	Accounts   int    `json:"accounts"`
	Booked     int    `json:"booked"`
	Pending    int    `json:"pending"`
	Duplicates int    `json:"duplicates_dropped"`
	Skipped    int    `json:"skipped_rows"`
}

// storedUpload is what a record keeps of its statements.
type storedUpload struct {
	Accounts []*statement.Account `json:"accounts"`
}

// available lists the operations a client may request, in spec order.
func (c Client) available() []string {
	var out []string
	for _, op := range []string{opCategorisation, opCreditScoring, opCreditScores} {
		if contains(c.Operations, op) && (op == opCategorisation || len(c.Models) > 0) {
			out = append(out, op)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// upload is E2 POST /v2/report (spec §3.1): multipart `input` parts, at most
// MaxUploadBytes of file content, counted while streaming; parsed,
// validated and stored atomically.
func (s *Service) upload(w http.ResponseWriter, r *http.Request) error {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return fail("UNSUPPORTED_MEDIA_TYPE", "Upload statements as multipart/form-data with file parts named input.")
	}
	hardCap := s.cfg.MaxUploadBytes + 64<<10
	if r.ContentLength > hardCap {
		return fail("PAYLOAD_TOO_LARGE", fmt.Sprintf("The upload exceeds %d bytes.", s.cfg.MaxUploadBytes))
	}
	body := http.MaxBytesReader(w, r.Body, hardCap)
	mr := multipart.NewReader(body, params["boundary"])
	var (
		files [][]byte
		names []string
		total int64
	)
	tooLarge := fail("PAYLOAD_TOO_LARGE", fmt.Sprintf("The input files exceed %d bytes in total.", s.cfg.MaxUploadBytes))
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge
		}
		if err != nil {
			return fail("MALFORMED_REQUEST_BODY", "The multipart body cannot be read.")
		}
		if part.FormName() != "input" {
			if _, err := io.Copy(io.Discard, part); err != nil {
				if errors.As(err, &mbe) {
					return tooLarge
				}
				return fail("MALFORMED_REQUEST_BODY", "The multipart body cannot be read.")
			}
			continue
		}
		if len(files) >= s.cfg.MaxFiles {
			// Keep counting the size: a too-large body still wins (§3.1 order).
			n, err := io.Copy(io.Discard, part)
			total += n
			if errors.As(err, &mbe) || total > s.cfg.MaxUploadBytes {
				return tooLarge
			}
			files = append(files, nil)
			names = append(names, part.FileName())
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, s.cfg.MaxUploadBytes-total+1))
		total += int64(len(data))
		if errors.As(err, &mbe) || total > s.cfg.MaxUploadBytes {
			return tooLarge
		}
		if err != nil {
			return fail("MALFORMED_REQUEST_BODY", "The multipart body cannot be read.")
		}
		files = append(files, data)
		names = append(names, part.FileName())
	}
	if len(files) == 0 {
		return fail("API_REQUIRED_PARAMS_MISSING", "At least one file part named input is required.", "input")
	}
	if len(files) > s.cfg.MaxFiles {
		return fail("EXCEEDED_LIMIT", fmt.Sprintf("At most %d input files per upload.", s.cfg.MaxFiles), "input")
	}
	parsed := make([]*statement.File, len(files))
	var problems *apiError
	count := 0
	for i, data := range files {
		f, err := statement.Parse(i, data)
		if err != nil {
			var se *statement.Error
			if !errors.As(err, &se) {
				return err
			}
			detail := fmt.Sprintf("input[%d]", i)
			if names[i] != "" {
				detail += " (" + names[i] + ")"
			}
			detail += ": " + se.Detail
			if problems == nil {
				problems = fail(se.Code, detail, se.Source)
			} else {
				problems.and(se.Code, detail, se.Source)
			}
			continue
		}
		parsed[i] = f
		count += f.Count()
	}
	if problems != nil {
		return problems
	}
	if count > s.cfg.MaxTransactions {
		return fail("EXCEEDED_LIMIT", fmt.Sprintf("At most %d transactions per upload.", s.cfg.MaxTransactions), "input")
	}
	u := statement.Merge(parsed)
	if count == 0 {
		return fail("EMPTY_STATEMENT", "The upload holds no transactions.", "input")
	}
	metas := make([]fileMeta, len(parsed))
	for i, f := range parsed {
		metas[i] = fileMeta{Index: i, Filename: names[i], Format: f.Format, Accounts: len(f.Accounts),
			Booked: f.Booked, Pending: f.Pending, Duplicates: f.Duplicates, Skipped: f.Skipped}
	}
	stBlob, err := json.Marshal(storedUpload{Accounts: u.Accounts})
	if err != nil {
		return err
	}
	metaBlob, _ := json.Marshal(metas)
	c := clientOf(r.Context())
	avail := c.available()
	id := httpx.NewUUID()
	if err := s.st.NordigenCreateRecord(r.Context(), record.Record{RequestID: id, ClientID: c.ID, Status: stUploaded,
		Available: strings.Join(avail, ","), Meta: metaBlob, Statement: stBlob, CreatedAt: s.clock.Now()}); err != nil {
		return err
	}
	base := s.baseURL(r)
	writeJSON(w, 200, map[string]any{
		"data": map[string]any{
			"attributes": map[string]any{"available-operations": avail, "request-id": id, "status": "completed"},
			"relationships": map[string]any{"operations": map[string]any{"links": map[string]string{
				"related": base + "/v2/report/process/" + id, "self": base + "/v2/report"}}},
			"type": "report pre-processing record",
		},
		"meta": map[string]any{"files": metas},
	})
	return nil
}
