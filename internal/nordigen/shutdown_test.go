package nordigen

import (
	"testing"
	"time"
)

// TestGracefulShutdown (spec §11): once Run's context is done, PUT
// answers 503 SERVICE_UNAVAILABLE with Retry-After, and a record that
// was processing finishes within the grace period instead of being lost.
func TestGracefulShutdown(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.ProcessingDelay = 300 * time.Millisecond
		c.ShutdownGrace = 5 * time.Second
	})
	id, _ := e.upload([]byte(csvFixture))
	e.put(id, putCat)
	for e.attrs(id)["status"] != "processing" {
		time.Sleep(20 * time.Millisecond)
	}
	e.stop()
	if st := e.attrs(id)["status"]; st != "completed" {
		t.Fatalf("record left %v after shutdown", st)
	}
	other, _ := e.upload([]byte(csvFixture))
	resp, _, b := e.put(other, putCat)
	errCode(t, resp, b, 503, "SERVICE_UNAVAILABLE")
	if resp.Header.Get("Retry-After") == "" {
		t.Fatal("Retry-After missing")
	}
	if st := e.attrs(other)["status"]; st != "uploaded" {
		t.Fatalf("503 must leave the record uploaded, got %v", st)
	}
}
