package nordigen

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"
)

// spec: statement-analysis.md §12 checks 19–30 (process, result, lifecycle).

const putCat = `{"country":"no","operations":["categorisation"]}`

func TestCheck19_ConcurrentPUTs(t *testing.T) {
	e := newEnv(t, nil)
	id, _ := e.upload([]byte(csvFixture))
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			resp, _, b := e.put(id, putCat)
			if resp.StatusCode == 409 {
				errCode(t, resp, b, 409, "ANALYSIS_ALREADY_REQUESTED")
			}
			mu.Lock()
			codes[resp.StatusCode]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if codes[202] != 1 || codes[409] != 9 {
		t.Fatalf("check 19: %v", codes)
	}
}

func TestCheck20_UnknownForeignRecords(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Clients = []Client{{ID: "a", Secret: "sa"}, {ID: "b", Secret: "sb"}}
	})
	e.tok = e.tokenFor("a", "sa")
	id, _ := e.upload([]byte(csvFixture))
	for _, p := range []string{"00000000-0000-4000-8000-000000000000", "not-a-uuid"} {
		resp, _, b := e.put(p, putCat)
		errCode(t, resp, b, 404, "NOT_FOUND")
	}
	e.as(e.tokenFor("b", "sb"), func() {
		resp, _, b := e.put(id, putCat)
		errCode(t, resp, b, 404, "NOT_FOUND")
		resp, _, b = e.do("GET", "/v2/report/"+id, "", nil, true)
		errCode(t, resp, b, 404, "NOT_FOUND")
	})
	if resp, _, b := e.put(id, putCat); resp.StatusCode != 202 {
		t.Fatalf("owner: %d %s", resp.StatusCode, b)
	}
}

func TestCheck21_Countries(t *testing.T) {
	e := newEnv(t, nil)
	id, _ := e.upload([]byte(csvFixture))
	resp, _, b := e.put(id, `{"country":"se","operations":["categorisation"]}`)
	errCode(t, resp, b, 400, "UNSUPPORTED_COUNTRY_REQUESTED")
	if resp, _, b := e.put(id, `{"country":"NO","operations":["categorisation"]}`); resp.StatusCode != 202 {
		t.Fatalf("NO: %d %s", resp.StatusCode, b)
	}
	a := e.analyse(`{"country":"gb","operations":["categorisation"]}`, []byte(csvFixture))
	if v, _ := dig(a, "categorisation", "category_tree_version").(string); !strings.HasPrefix(v, "uk_") {
		t.Fatalf("gb version %q", v)
	}
	if c := dig(a, "categorisation", "accounts", 0, "country"); c != "uk" {
		t.Fatalf("gb country %v", c)
	}
}

func TestCheck22_Operations(t *testing.T) {
	e := newEnv(t, nil)
	id, _ := e.upload([]byte(csvFixture))
	for _, c := range []struct{ body, status, code string }{
		{`{"country":"no","operations":["insights-income"]}`, "400", "UNSUPPORTED_OPERATION"},
		{`{"country":"no","operations":[]}`, "400", "INVALID_PARAMS"},
		{`{"country":"no"}`, "400", "API_REQUIRED_PARAMS_MISSING"},
		{`{"country":"no","operations":["categorisation"],"extra":1}`, "400", "INVALID_PARAMS"},
		{`{"country":"no","operations":["categorisation"],"params":{"period":30}}`, "400", "INVALID_PARAMS"},
		{`{"country":"no","operations":["categorisation"],"params":{"colour":"red"}}`, "400", "INVALID_PARAMS"},
	} {
		resp, _, b := e.put(id, c.body)
		errCode(t, resp, b, 400, c.code)
	}
	if a := e.attrs(id); a["status"] != "uploaded" {
		t.Fatalf("record left uploaded after 400s: %v", a)
	}
}

func TestCheck23_MediaTypeAndSyntax(t *testing.T) {
	e := newEnv(t, nil)
	id, _ := e.upload([]byte(csvFixture))
	resp, _, b := e.do("PUT", "/v2/report/process/"+id, "text/plain", []byte(putCat), true)
	errCode(t, resp, b, 415, "UNSUPPORTED_MEDIA_TYPE")
	resp, _, b = e.put(id, `{"country":`)
	errCode(t, resp, b, 400, "MALFORMED_REQUEST_BODY")
}

func TestCheck24_UnknownModel(t *testing.T) {
	e := newEnv(t, nil)
	id, _ := e.upload([]byte(csvFixture))
	resp, _, b := e.put(id, `{"country":"no","operations":["credit-scoring"],"params":{"models":["nope.model"]}}`)
	errCode(t, resp, b, 400, "UNKNOWN_MODEL")
	var arr []map[string]any
	json.Unmarshal(b, &arr)
	if src := arr[0]["source"].([]any); len(src) != 1 || src[0] != "params.models[0]" {
		t.Fatalf("source %v", src)
	}
}

func TestCheck25_WebhookNotConfiguredThenValid(t *testing.T) {
	e := newEnv(t, nil)
	id, _ := e.upload([]byte(csvFixture))
	resp, _, b := e.put(id, `{"country":"no","operations":["categorisation"],"use_webhook":true}`)
	errCode(t, resp, b, 400, "WEBHOOK_NOT_CONFIGURED")
	if resp, _, b := e.put(id, putCat); resp.StatusCode != 202 {
		t.Fatalf("valid PUT after 400: %d %s", resp.StatusCode, b)
	}
}

func TestCheck27_LifecycleObservable(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.ProcessingDelay = 1500 * time.Millisecond })
	id, _ := e.upload([]byte(csvFixture))
	if resp, _, b := e.put(id, putCat); resp.StatusCode != 202 {
		t.Fatalf("put: %s", b)
	}
	order := map[string]int{"queued": 1, "processing": 2, "completed": 3}
	var seen []string
	last := 0
	for i := 0; i < 100; i++ {
		a := e.attrs(id)
		st := a["status"].(string)
		if order[st] == 0 {
			t.Fatalf("unexpected status %q", st)
		}
		if order[st] < last {
			t.Fatalf("status went backwards: %v then %s", seen, st)
		}
		if st != "completed" && len(a) != 2 {
			t.Fatalf("attributes while %s: %v", st, a)
		}
		if len(seen) == 0 || seen[len(seen)-1] != st {
			seen = append(seen, st)
		}
		last = order[st]
		if st == "completed" {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if strings.Join(seen, ",") != "queued,processing,completed" {
		t.Fatalf("check 27: saw %v", seen)
	}
}

func TestCheck29_Timeout(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.ProcessingDelay = 3 * time.Second
		c.ProcessingTimeout = time.Second
	})
	id, _ := e.upload([]byte(csvFixture))
	e.put(id, putCat)
	a := e.wait(id)
	if a["status"] != "failed" || dig(a, "error", "error-code") != "TIMEOUT_PROCESSING" || dig(a, "error", "title") != "Processing Timed Out" {
		t.Fatalf("check 29: %v", a)
	}
	if a2 := e.attrs(id); mustJSON(t, a2) != mustJSON(t, a) {
		t.Fatal("failed record changed")
	}
}

func TestCheck30_Retention(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Retention = time.Duration(0.0003 * float64(time.Hour)) })
	id, _ := e.upload([]byte(csvFixture))
	time.Sleep(3 * time.Second)
	resp, _, b := e.do("GET", "/v2/report/"+id, "", nil, true)
	errCode(t, resp, b, 410, "GONE")
	resp, _, b = e.put(id, putCat)
	errCode(t, resp, b, 410, "GONE")
}

// §4.1 rule 10: a full work queue answers 503 SERVICE_UNAVAILABLE with
// Retry-After; the record stays uploaded and is accepted once there is
// room.
func TestQueueFullIs503(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.QueueSize, c.Workers, c.ProcessingDelay = 1, 1, 700*time.Millisecond
	})
	first, _ := e.upload([]byte(csvFixture))
	second, _ := e.upload([]byte(csvFixture))
	if resp, _, b := e.put(first, putCat); resp.StatusCode != 202 {
		t.Fatalf("first PUT: %d %s", resp.StatusCode, b)
	}
	resp, _, b := e.put(second, putCat)
	errCode(t, resp, b, 503, "SERVICE_UNAVAILABLE")
	if resp.Header.Get("Retry-After") == "" {
		t.Fatal("503 without Retry-After")
	}
	if st := e.attrs(second)["status"]; st != "uploaded" {
		t.Fatalf("refused record is %v, want uploaded", st)
	}
	e.wait(first)
	if resp, _, b := e.put(second, putCat); resp.StatusCode != 202 {
		t.Fatalf("PUT after the queue emptied: %d %s", resp.StatusCode, b)
	}
	if a := e.wait(second); a["status"] != "completed" {
		t.Fatalf("second record: %v", a)
	}
}
