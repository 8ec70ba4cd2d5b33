// Package servertest serves a whole namsfogd for a test: the real
// handler on a loopback port, stopped and closed when the test ends.
package servertest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"

	"github.com/namsfogd/namsfogd/internal/server"
)

// Start builds a server from cfg and serves it on 127.0.0.1 until the
// test ends. An empty DataDir is a temp dir, an empty PublicURL the
// listener's URL, a nil Logger discards. It returns the base URL.
func Start(t testing.TB, cfg server.Config) (string, *server.Server) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := "http://" + ln.Addr().String()
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	if cfg.PublicURL == "" {
		cfg.PublicURL = u
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := server.New(ctx, cfg)
	if err != nil {
		cancel()
		ln.Close()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		srv.Close()
	})
	return u, srv
}
