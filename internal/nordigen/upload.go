package nordigen

import (
	"bytes"
	"context"
	"encoding/gob"
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
	"github.com/namsfogd/namsfogd/internal/store"
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

// recordMeta is what a record keeps about its upload besides the
// statements: the files' meta and the world person the statements
// belong to, when their accounts are world accounts (for the audit log).
type recordMeta struct {
	Files   []fileMeta `json:"files"`
	Subject string     `json:"subject,omitempty"`
}

// subjectOf finds the owner (NIN or orgnr) of the first uploaded account
// that is a world account: IBAN "NOkk" + kontonummer, or a bare
// kontonummer. Empty when none is.
func (s *Service) subjectOf(ctx context.Context, accounts []*statement.Account) string {
	for i, a := range accounts {
		if i == 8 {
			break
		}
		if !a.KeyFromInput {
			continue
		}
		k := strings.ToUpper(strings.NewReplacer(" ", "", ".", "").Replace(a.Key))
		if len(k) == 15 && strings.HasPrefix(k, "NO") {
			k = k[4:]
		}
		if len(k) != 11 {
			continue
		}
		if acct, err := s.st.GetAccount(ctx, k); err == nil {
			return acct.OwnerID
		}
	}
	return ""
}

// storedUpload is the JSON and gob form in which older records kept
// their statements.
type storedUpload struct {
	Accounts []*statement.Account `json:"accounts"`
}

const gobMagic = "GOB1"

// decodeUpload reads a record's stored statements: the NSB1 form
// (stmtcodec.go), or the gob or JSON of records stored by earlier
// versions.
func decodeUpload(b []byte) ([]*statement.Account, error) {
	switch {
	case bytes.HasPrefix(b, []byte(nsbMagic)):
		return decodeStatements(b)
	case bytes.HasPrefix(b, []byte(gobMagic)):
		var u storedUpload
		err := gob.NewDecoder(bytes.NewReader(b[len(gobMagic):])).Decode(&u)
		return u.Accounts, err
	}
	var u storedUpload
	err := json.Unmarshal(b, &u)
	return u.Accounts, err
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
		// buf holds the file parts back to back. With a Content-Length
		// it is allocated once at the body's size (which bounds the
		// parts), instead of growing by doubling for each part.
		buf []byte
	)
	if r.ContentLength > 0 {
		buf = make([]byte, 0, r.ContentLength)
	}
	tooLarge := fail("PAYLOAD_TOO_LARGE", fmt.Sprintf("The input files exceed %d bytes in total.", s.cfg.MaxUploadBytes))
	for {
		part, err := mr.NextPart()
		// Only a bare io.EOF is the closing boundary; a wrapped EOF is a
		// truncated or boundary-less body (MALFORMED_REQUEST_BODY).
		if err == io.EOF {
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
		start := len(buf)
		buf, err = readAppend(buf, io.LimitReader(part, s.cfg.MaxUploadBytes-total+1))
		data := buf[start:len(buf):len(buf)]
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
	stBlob := encodeStatements(u.Accounts)
	subject := s.subjectOf(r.Context(), u.Accounts)
	metaBlob, _ := json.Marshal(recordMeta{Files: metas, Subject: subject})
	c := clientOf(r.Context())
	avail := c.available()
	id := httpx.NewUUID()
	noteRequestID(r.Context(), id)
	now := s.clock.Now()
	// Every upload is audited in the same transaction as the record
	// (DESIGN: every handling of personal data is in the audit log).
	audit := store.AuditRecord{Time: now, Service: "nordigen", Action: "report.upload", Actor: c.ID, SubjectID: subject,
		Correlation: httpx.CorrelationID(r.Context()), Outcome: "ok",
		Details: map[string]any{"request-id": id, "files": len(metas), "transactions": count, "accounts": len(u.Accounts)}}
	if err := s.st.NordigenCreateRecord(r.Context(), record.Record{RequestID: id, ClientID: c.ID, Status: stUploaded,
		Available: strings.Join(avail, ","), Meta: metaBlob, Statement: stBlob, CreatedAt: now}, audit); err != nil {
		return err
	}
	if s.running.Load() && !s.closing.Load() {
		s.handoff.put(id, u.Accounts, count, wallNow())
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

// readAppend reads r to its end, appending to buf (io.ReadAll's loop on a
// caller's buffer).
func readAppend(buf []byte, r io.Reader) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}
