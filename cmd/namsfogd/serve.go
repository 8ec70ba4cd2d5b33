package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/server"
	"github.com/namsfogd/namsfogd/internal/store"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c commonFlags
	fs := newFlagSet("serve", "Run the server: every API, the operator API, /healthz, /readyz and /metrics.\n"+
		"On first start it builds a synthetic world of --persons persons.", stderr)
	c.bind(fs, true, true)
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if err := c.validate(); err != nil {
		fail(stderr, err)
		return 2
	}
	log, err := c.logger(stderr)
	if err != nil {
		fail(stderr, err)
		return 2
	}
	start := time.Now()
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		fmt.Fprintf(stderr, "namsfogd: cannot listen on %s: %v\n", c.addr, err)
		return 1
	}
	cfg := c.config(log)
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && cfg.PublicURL == "" {
		cfg.PublicURL = fmt.Sprintf("http://localhost:%d", tcp.Port)
	}
	srv, err := server.New(ctx, cfg)
	if err != nil {
		ln.Close()
		fail(stderr, err)
		return 1
	}
	defer srv.Close()
	banner(stdout, srv, time.Since(start))
	if err := srv.Serve(ctx, ln); err != nil && !errors.Is(err, net.ErrClosed) {
		fail(stderr, err)
		return 1
	}
	log.Info("stopped")
	return 0
}

func banner(w io.Writer, srv *server.Server, took time.Duration) {
	cfg := srv.Config()
	fmt.Fprintf(w, "namsfogd %s ready in %s\n\n", version, took.Round(time.Millisecond))
	where := cfg.DatabaseDSN()
	if cfg.DB != "" {
		where = "PostgreSQL"
	}
	info, err := srv.Store.WorldInfo(context.Background())
	if err == nil {
		fmt.Fprintf(w, "  world      %d persons, seed %d (%s)\n", info.Persons, info.Seed, where)
	}
	fmt.Fprintf(w, "  today      %s (simulated clock; see GET /admin/clock)\n\n", srv.Clock.Today())
	for _, s := range srv.Services() {
		fmt.Fprintf(w, "  %-30s %s\n", s.Name, s.URL)
	}
	fmt.Fprintf(w, "\n  operator token  %s\n", srv.OperatorToken)
	fmt.Fprintf(w, "\nTry:\n  curl -s -H 'Authorization: Bearer %s' %s/admin/world\n\n", srv.OperatorToken, cfg.BaseURL())
}

func runSeed(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c commonFlags
	fs := newFlagSet("seed", "Build the synthetic world of --persons persons from --seed into the database,\n"+
		"replacing the world there (audit records, clients and cases are kept).", stderr)
	c.bind(fs, false, true)
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if err := c.validate(); err != nil {
		fail(stderr, err)
		return 2
	}
	cfg := c.config(nil)
	if cfg.DB == "" {
		if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
			fail(stderr, err)
			return 1
		}
	}
	db, err := server.OpenStore(ctx, cfg)
	if err != nil {
		fail(stderr, err)
		return 1
	}
	defer db.Close()
	start := time.Now()
	if err := server.Seed(ctx, db, c.seed, c.persons); err != nil {
		fail(stderr, fmt.Errorf("seed: %w", err))
		return 1
	}
	counts, err := db.CountWorld(ctx)
	if err != nil {
		fail(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "seeded %d persons (seed %d) in %s: %d organisations, %d accounts, %d account roles, %d employments, %d debts\n",
		counts.Persons, c.seed, time.Since(start).Round(time.Millisecond), counts.Organisations, counts.Accounts,
		counts.AccountRoles, counts.Employments, counts.Debts)
	return 0
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c commonFlags
	fs := newFlagSet("migrate", "Apply the embedded database migrations and exit.", stderr)
	c.bind(fs, false, false)
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	cfg := c.config(nil)
	if cfg.DB == "" {
		if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
			fail(stderr, err)
			return 1
		}
	}
	db, err := server.OpenStore(ctx, cfg)
	if err != nil {
		fail(stderr, err)
		return 1
	}
	defer db.Close()
	_, werr := db.WorldInfo(ctx)
	fmt.Fprintf(stdout, "migrations applied (%s)", db.Dialect())
	if errors.Is(werr, store.ErrNotFound) {
		fmt.Fprint(stdout, "; no world loaded yet (run namsfogd seed, or serve seeds one)")
	}
	fmt.Fprintln(stdout)
	return 0
}

func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// fail prints err as one line, so that scripts and logs see exactly one
// line saying what failed and where.
func fail(w io.Writer, err error) {
	msg := strings.Join(strings.Fields(strings.ReplaceAll(err.Error(), "\n", "; ")), " ")
	fmt.Fprintln(w, "namsfogd:", msg)
}
