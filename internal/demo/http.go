package demo

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxBody bounds what the demo reads of one answer; statement-analysis
// results of a 12-month statement are the largest, a few MiB.
const maxBody = 64 << 20

// response is one HTTP answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// decode reads the JSON body into v.
func (r response) decode(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("answer %d is not the JSON expected: %v: %s", r.Status, err, excerpt(r.Body))
	}
	return nil
}

// request is one call as the demo makes it.
type request struct {
	method, path string
	body         []byte
	header       []string // name, value pairs
	// shown is the path as printed (ids replaced by placeholders); empty
	// = path. Consecutive calls with the same method, shown path and
	// status print as one line with a count.
	shown string
	// note says what the call is for or how it authenticates.
	note string
}

// do makes one call against the target and records it in st.
func (d *run) do(ctx context.Context, st *Step, rq request) (response, error) {
	req, err := http.NewRequestWithContext(ctx, rq.method, d.base+rq.path, bytes.NewReader(rq.body))
	if err != nil {
		return response{}, err
	}
	if rq.body == nil {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	for i := 0; i+1 < len(rq.header); i += 2 {
		req.Header.Set(rq.header[i], rq.header[i+1])
	}
	req.Header.Set("User-Agent", "namsfogd-demo/1")
	start := time.Now()
	resp, err := d.hc.Do(req)
	if err != nil {
		st.record(rq, 0, time.Since(start))
		return response{}, fmt.Errorf("%s %s: %w", rq.method, rq.path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	st.record(rq, resp.StatusCode, time.Since(start))
	if err != nil {
		return response{}, fmt.Errorf("%s %s: reading the answer: %w", rq.method, rq.path, err)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// expect makes the call and requires one of the statuses.
func (d *run) expect(ctx context.Context, st *Step, rq request, want ...int) (response, error) {
	r, err := d.do(ctx, st, rq)
	if err != nil {
		return r, err
	}
	for _, w := range want {
		if r.Status == w {
			return r, nil
		}
	}
	return r, fmt.Errorf("%s %s answered %d, want %v: %s", rq.method, rq.path, r.Status, want, excerpt(r.Body))
}

// admin calls the operator API with a JSON body (nil = none).
func (d *run) admin(ctx context.Context, st *Step, method, path, shown string, body any, want ...int) (response, error) {
	rq := request{method: method, path: path, shown: shown, note: "operator API",
		header: []string{"Authorization", "Bearer " + d.cfg.OperatorToken, "Accept", "application/json"}}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return response{}, err
		}
		rq.body = b
		rq.header = append(rq.header, "Content-Type", "application/json")
	}
	if len(want) == 0 {
		want = []int{http.StatusOK}
	}
	return d.expect(ctx, st, rq, want...)
}

// excerpt is the start of a body, on one line, for error messages.
func excerpt(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	if s == "" {
		s = "(empty body)"
	}
	return s
}

// newUUID is a random UUID v4, for correlation and request ids.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
