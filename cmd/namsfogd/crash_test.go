package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestCrashChild is the server process of TestKill9LosesNothing; it runs
// only when that test starts it.
func TestCrashChild(t *testing.T) {
	if os.Getenv("NAMSFOGD_CRASH_CHILD") != "1" {
		t.Skip("the server process of TestKill9LosesNothing")
	}
	os.Exit(run(context.Background(), []string{"serve"}, os.Stdout, os.Stderr))
}

// TestKill9LosesNothing: writes of three APIs run against a real server
// process that is killed with SIGKILL in the middle of them; after a
// restart on the same data directory, everything that was answered 2xx
// is there (a 2xx means durable).
func TestKill9LosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the server twice")
	}
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	base := "http://" + addr
	const operator = "crash-test-operator-token"
	var logs bytes.Buffer
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
		cmd.Env = append(os.Environ(), "NAMSFOGD_CRASH_CHILD=1", "NAMSFOGD_DATA_DIR="+dir, "NAMSFOGD_ADDR="+addr,
			"NAMSFOGD_PERSONS=300", "NAMSFOGD_OPERATOR_TOKEN="+operator, "NAMSFOGD_LOG_LEVEL=warn")
		cmd.Stdout, cmd.Stderr = &logs, &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(60 * time.Second)
		for {
			if r, err := http.Get(base + "/readyz"); err == nil {
				r.Body.Close()
				if r.StatusCode == 200 {
					return cmd
				}
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("server not ready after 60 s:\n%s", logs.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	c := crashClient{base: base, operator: operator}
	srv := start()
	defer func() { srv.Process.Kill(); srv.Wait() }()

	today := c.today(t)
	tomorrow := today.AddDate(0, 0, 1).Format("2006-01-02")
	ndToken := c.nordigenToken(t)

	var (
		mu    sync.Mutex
		acked = map[string][]string{}
		stop  = make(chan struct{})
		wg    sync.WaitGroup
	)
	writer := func(kind string, write func(i int) (string, bool)) {
		for g := range 3 {
			wg.Go(func() {
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					if id, ok := write(g*1_000_000 + i); ok {
						mu.Lock()
						acked[kind] = append(acked[kind], id)
						mu.Unlock()
					}
				}
			})
		}
	}
	writer("trekkpaalegg", func(i int) (string, bool) {
		body := fmt.Sprintf(`{"trekkpliktig":"312597772","skyldner":"10108412345","saksnummer":"KRASJ/%d",
			"trekkstoerrelseForPeriode":[{"startdato":%q,"trekkbeloep":{"trekkbeloep":1000}}]}`, i, tomorrow)
		m, ok := c.call("POST", "/admin/trekkpaalegg", "application/json", operator, []byte(body), 201)
		id, _ := m["trekkid"].(string)
		return id, ok && id != ""
	})
	writer("person", func(i int) (string, bool) {
		m, ok := c.call("POST", "/admin/persons", "application/json", operator,
			fmt.Appendf(nil, `{"given_name":"Krasj","family_name":"Test%d","birth_date":"19%02d-%02d-%02d","gender":"F"}`, i, 40+i%60, 1+i%12, 1+i%28), 201)
		nin, _ := m["nin"].(string)
		return nin, ok && nin != ""
	})
	writer("statement", func(i int) (string, bool) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		w, _ := mw.CreateFormFile("input", "s.csv")
		fmt.Fprintf(w, "date,amount,currency,description,counterparty\n2024-03-04,-%d.50,NOK,KIWI MAJORSTUEN,\n", i%1000+1)
		mw.Close()
		m, ok := c.call("POST", "/nordigen/v2/report", mw.FormDataContentType(), ndToken, buf.Bytes(), 200)
		id, _ := digStr(m, "data", "attributes", "request-id")
		return id, ok && id != ""
	})

	time.Sleep(1500 * time.Millisecond)
	if err := srv.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	srv.Wait()
	close(stop)
	wg.Wait()

	srv = start()
	ndToken = c.nordigenToken(t)
	for kind, ids := range acked {
		t.Logf("%s: %d acknowledged before the kill", kind, len(ids))
	}
	for _, kind := range []string{"trekkpaalegg", "person", "statement"} {
		if len(acked[kind]) == 0 {
			t.Fatalf("no %s write was acknowledged before the kill; the test proves nothing:\n%s", kind, logs.String())
		}
	}
	for _, id := range acked["trekkpaalegg"] {
		if _, ok := c.call("GET", "/admin/trekkpaalegg/"+id, "", operator, nil, 200); !ok {
			t.Errorf("trekkpålegg %s was acknowledged and is gone", id)
		}
	}
	for _, nin := range acked["person"] {
		if _, ok := c.call("GET", "/admin/persons/"+nin, "", operator, nil, 200); !ok {
			t.Errorf("person %s was acknowledged and is gone", nin)
		}
	}
	for _, id := range acked["statement"] {
		if _, ok := c.call("GET", "/nordigen/v2/report/"+id, "", ndToken, nil, 200); !ok {
			t.Errorf("statement upload %s was acknowledged and is gone", id)
		}
	}
}

type crashClient struct{ base, operator string }

// call sends one request; ok is whether the status was want.
func (c crashClient) call(method, path, ctype, token string, body []byte, want int) (map[string]any, bool) {
	req, _ := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, false
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	json.Unmarshal(b, &m)
	return m, res.StatusCode == want
}

func (c crashClient) today(t *testing.T) time.Time {
	m, ok := c.call("GET", "/admin/clock", "", c.operator, nil, 200)
	s, _ := digStr(m, "today")
	d, err := time.Parse("2006-01-02", s)
	if !ok || err != nil {
		t.Fatalf("clock: %v", m)
	}
	return d
}

func (c crashClient) nordigenToken(t *testing.T) string {
	m, ok := c.call("POST", "/nordigen/oauth/token", "application/json", "",
		[]byte(`{"grant_type":"client_credentials","client_id":"demo-client","client_secret":"demo-secret","audience":"https://nordigen/api"}`), 200)
	tok, _ := m["access_token"].(string)
	if !ok || tok == "" {
		t.Fatalf("nordigen token: %v", m)
	}
	return tok
}

func digStr(m map[string]any, path ...string) (string, bool) {
	var v any = m
	for _, p := range path {
		o, ok := v.(map[string]any)
		if !ok {
			return "", false
		}
		v = o[p]
	}
	s, ok := v.(string)
	return s, ok && !strings.ContainsAny(s, "/?#")
}
