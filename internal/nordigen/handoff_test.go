package nordigen

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/namsfogd/namsfogd/internal/store/pgtest"
	"github.com/namsfogd/namsfogd/internal/world"
)

// frontEnd is a second service on env's database that answers HTTP but
// runs no workers: another process sharing the database (spec §4.1;
// DESIGN: any process may run any job).
func (e *env) frontEnd(t *testing.T) *env {
	s, err := New(Config{Store: e.db, Clock: world.NewClock(nil), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	s.Register(mux, "/nordigen")
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	f := &env{t: t, srv: srv, db: e.db, svc: s, stop: func() {}}
	f.tok = f.token()
	return f
}

// TestStoredCopyMatchesHandoff: a record whose upload was handled by
// another process (no statements in this process's memory) is analysed
// from the stored copy, with exactly the result of one analysed from the
// in-memory hand-off (spec §4.1 rule 6), including a result large
// enough to be stored compressed.
func TestStoredCopyMatchesHandoff(t *testing.T) {
	e := newEnv(t, nil)
	front := e.frontEnd(t)
	for _, file := range [][]byte{gcStatement("NO9386011117947", 40), gcStatement("NO9386011117947", 3000)} {
		local := e.analyse(putCat, file)
		id, _ := front.upload(file)
		if resp, _, b := front.put(id, putCat); resp.StatusCode != 202 {
			t.Fatalf("put: %d %s", resp.StatusCode, b)
		}
		if _, held := e.svc.handoff.take(id, time.Now()); held {
			t.Fatal("the worker's process holds an upload it did not receive")
		}
		remote := e.wait(id)
		if remote["status"] != "completed" || !reflect.DeepEqual(local["categorisation"], remote["categorisation"]) {
			t.Fatalf("stored copy and hand-off differ (%v)", remote["status"])
		}
	}
}

// TestLargeResultEncodings: a result stored compressed is served the
// same, byte for byte, to a client that accepts gzip (the stored stream
// inside a gzip member) and to one that does not (inflated on the fly),
// with a correct Content-Length either way; a small result is served
// plain whatever the client accepts.
func TestLargeResultEncodings(t *testing.T) {
	e := newEnv(t, nil)
	get := func(id, accept string) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", e.srv.URL+"/nordigen/v2/report/"+id, nil)
		req.Header.Set("Accept-Encoding", accept) // set by hand: the transport does not decode
		resp, b := e.rawDo(req)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Length") != strconv.Itoa(len(b)) {
			t.Fatalf("%s: %d, Content-Length %s for %d bytes", accept, resp.StatusCode, resp.Header.Get("Content-Length"), len(b))
		}
		return resp, b
	}
	for _, c := range []struct {
		n          int
		compressed bool
	}{{40, false}, {3000, true}} {
		id, _ := e.upload(gcStatement("NO9386011117947", c.n))
		e.put(id, `{"country":"no","operations":["categorisation","credit-scoring","credit-scores"]}`)
		e.wait(id)
		zresp, zbody := get(id, "gzip, deflate")
		presp, plain := get(id, "identity")
		if got := zresp.Header.Get("Content-Encoding") == "gzip"; got != c.compressed {
			t.Fatalf("%d transactions: gzip %v", c.n, got)
		}
		if presp.Header.Get("Content-Encoding") != "" {
			t.Fatal("identity answered with a content coding")
		}
		if c.compressed {
			zbody = gunzip(t, zbody)
		}
		if !bytes.Equal(zbody, plain) {
			t.Fatalf("%d transactions: the encodings differ", c.n)
		}
		var m map[string]any
		if err := json.Unmarshal(plain, &m); err != nil {
			t.Fatal(err)
		}
		a := dig(m, "data", "attributes").(map[string]any)
		if a["request-id"] != id || a["status"] != "completed" || a["categorisation"] == nil || a["credit-scoring"] == nil || a["credit-scores"] == nil ||
			len(a) != 5 || dig(m, "data", "type") != "report processing result" || dig(m, "meta", "finished-at") == nil {
			t.Fatalf("%d transactions: body %.300s", c.n, plain)
		}
		if c.n == 3000 && len(transactions(a["categorisation"])) != 3000 {
			t.Fatal("transactions missing")
		}
	}
}

// TestAcceptsGzip follows RFC 9110 §12.5.3.
func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{"": false, "gzip": true, "GZIP;q=0.5": true, "deflate, gzip;q=0": false,
		"identity": false, "*": true, "*;q=0": false, "gzip;q=0, *": false, "br, x-gzip": true} {
		r := httptest.NewRequest("GET", "/", nil)
		if h != "" {
			r.Header.Set("Accept-Encoding", h)
		}
		if got := acceptsGzip(r); got != want {
			t.Errorf("%q: %v", h, got)
		}
	}
}

// TestPostgresOtherProcess: on PostgreSQL, a record uploaded and queued
// through one process is processed by another from the stored copy, and
// its compressed result survives the BYTEA round trip.
func TestPostgresOtherProcess(t *testing.T) {
	e := newEnvOn(t, pgtest.Fresh(t), nil)
	front := e.frontEnd(t)
	file := gcStatement("NO9386011117947", 3000)
	local := e.analyse(putCat, file)
	id, _ := front.upload(file)
	if resp, _, b := front.put(id, putCat); resp.StatusCode != 202 {
		t.Fatalf("put: %d %s", resp.StatusCode, b)
	}
	remote := e.wait(id)
	if remote["status"] != "completed" || !reflect.DeepEqual(local["categorisation"], remote["categorisation"]) {
		t.Fatalf("PostgreSQL: stored copy and hand-off differ (%v)", remote["status"])
	}
}
