package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/demo"
	"github.com/namsfogd/namsfogd/internal/server"
)

// runDemo is `namsfogd demo`: the story of DESIGN.md "One world" against
// a running server (--target) or an in-process one on a temporary data
// directory with a small world.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("demo", "Tell the debt lifecycle through the public APIs over HTTP, as integrators' systems would:\n"+
		"debt (Norsk Gjeldsinformasjon) → bank statement (statement analysis) → utleggsbegjæring → the namsmann's\n"+
		"DSOP lookup and decision → the employer's trekkpålegg → the audit log. Each step prints the calls made\n"+
		"(method, path, status) and what was learned.\n\n"+
		"Without --target it starts an in-process server on a temporary data directory with a small world and\n"+
		"removes it afterwards. With --target it needs the server's operator token (to register its Maskinporten\n"+
		"clients, read the world and move the namsmann); the clients are deleted when the demo ends.", stderr)
	var (
		target   = fs.String("target", env("NAMSFOGD_URL", ""), "base URL of a running namsfogd; empty = start one in-process (env NAMSFOGD_URL)")
		opToken  = fs.String("operator-token", env("NAMSFOGD_OPERATOR_TOKEN", ""), "operator token of --target; default: <data-dir>/operator-token (env NAMSFOGD_OPERATOR_TOKEN)")
		dataDir  = fs.String("data-dir", env("NAMSFOGD_DATA_DIR", "data"), "data directory of --target's operator-token file (env NAMSFOGD_DATA_DIR)")
		nin      = fs.String("person", "", "fødselsnummer of the debtor; default: the first person whose story works")
		asJSON   = fs.Bool("json", false, "print the whole run as one JSON document instead of text")
		persons  = fs.Int("persons", 300, "in-process only: persons in the world")
		seed     = fs.Uint64("seed", 1, "in-process only: seed of the world")
		logLevel = fs.String("log-level", "error", "in-process only: the server's log level on stderr")
	)
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() > 0 {
		fail(stderr, fmt.Errorf("demo: unexpected argument %q", fs.Arg(0)))
		return 2
	}
	cfg := demo.Config{BaseURL: strings.TrimRight(*target, "/"), OperatorToken: strings.TrimSpace(*opToken), Person: *nin}
	progress := stdout
	if *asJSON {
		progress = stderr
	} else {
		cfg.Out = stdout
	}
	if cfg.BaseURL == "" {
		if *persons < 2 || *persons > 100_000 {
			fail(stderr, fmt.Errorf("--persons must be from 2 to 100 000 for the in-process demo, got %d", *persons))
			return 2
		}
		var lvl slog.Level
		if err := lvl.UnmarshalText([]byte(*logLevel)); err != nil {
			fail(stderr, fmt.Errorf("--log-level %q: want debug, info, warn or error", *logLevel))
			return 2
		}
		stop, err := startInProcess(ctx, &cfg, *persons, *seed, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lvl})), progress)
		if err != nil {
			fail(stderr, err)
			return 1
		}
		defer stop()
	} else {
		if !strings.HasPrefix(cfg.BaseURL, "http://") && !strings.HasPrefix(cfg.BaseURL, "https://") {
			fail(stderr, fmt.Errorf("--target %q: want an http:// or https:// URL", cfg.BaseURL))
			return 2
		}
		if cfg.OperatorToken == "" {
			b, err := os.ReadFile(filepath.Join(*dataDir, "operator-token"))
			if err != nil {
				fail(stderr, fmt.Errorf("no operator token for %s: give --operator-token or NAMSFOGD_OPERATOR_TOKEN, or --data-dir of the server", cfg.BaseURL))
				return 2
			}
			cfg.OperatorToken = strings.TrimSpace(string(b))
		}
		cfg.Target = "the namsmann is moved through the operator API; a server in --namsmann auto mode may move first, which the demo accepts"
	}
	report, err := demo.Run(ctx, cfg)
	if *asJSON && report != nil {
		stdout.Write(report.JSON())
	}
	if err != nil {
		if report == nil {
			fail(stderr, err)
		}
		return 1
	}
	return 0
}

// startInProcess serves a fresh namsfogd on 127.0.0.1 from a temporary
// data directory and points cfg at it; stop shuts it down and removes
// the directory.
func startInProcess(ctx context.Context, cfg *demo.Config, persons int, seed uint64, log *slog.Logger, progress io.Writer) (stop func(), err error) {
	dir, err := os.MkdirTemp("", "namsfogd-demo-")
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	base := "http://" + ln.Addr().String()
	start := time.Now()
	sctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	srv, err := server.New(sctx, server.Config{DataDir: dir, Persons: persons, Seed: seed, PublicURL: base,
		Version: version, Logger: log})
	if err != nil {
		cancel()
		ln.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, ln) }()
	fmt.Fprintf(progress, "started an in-process namsfogd in %s: %d persons (seed %d), SQLite in %s\n\n",
		time.Since(start).Round(time.Millisecond), persons, seed, dir)
	cfg.BaseURL, cfg.OperatorToken = base, srv.OperatorToken
	cfg.Target = fmt.Sprintf("in-process, %d persons, seed %d; the namsmann is manual and the demo moves each case through the operator API: deterministic and immediate", persons, seed)
	return func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			log.Error("in-process server", "err", err)
		}
		srv.Close()
		os.RemoveAll(dir)
	}, nil
}
