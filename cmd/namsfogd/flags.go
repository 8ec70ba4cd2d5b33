package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/namsfogd/namsfogd/internal/server"
)

// commonFlags are the public interface users' scripts rely on; each has an
// environment variable.
type commonFlags struct {
	addr, dataDir, db, operatorToken, publicURL, logLevel, logFormat string
	seed                                                             uint64
	persons                                                          int
	dsopRateLimit                                                    float64
	namsmann                                                         string
	namsmannDelay                                                    time.Duration
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

func newFlagSet(name, summary string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: namsfogd %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// bind registers the common flags; which says which groups apply.
func (c *commonFlags) bind(fs *flag.FlagSet, withServe, withWorld bool) {
	fs.StringVar(&c.dataDir, "data-dir", env("NAMSFOGD_DATA_DIR", "data"),
		"directory for the SQLite database and generated secrets (env NAMSFOGD_DATA_DIR)")
	fs.StringVar(&c.db, "db", env("NAMSFOGD_DB", ""),
		"database: empty = SQLite file in --data-dir; or a postgres:// URL (env NAMSFOGD_DB)")
	fs.StringVar(&c.logLevel, "log-level", env("NAMSFOGD_LOG_LEVEL", "info"), "debug, info, warn or error (env NAMSFOGD_LOG_LEVEL)")
	fs.StringVar(&c.logFormat, "log-format", env("NAMSFOGD_LOG_FORMAT", "text"), "text or json (env NAMSFOGD_LOG_FORMAT)")
	if withServe {
		fs.StringVar(&c.addr, "addr", env("NAMSFOGD_ADDR", ":8080"), "listen address (env NAMSFOGD_ADDR)")
		fs.StringVar(&c.operatorToken, "operator-token", env("NAMSFOGD_OPERATOR_TOKEN", ""),
			"bearer token for the operator API /admin; empty = generated, saved in --data-dir and printed (env NAMSFOGD_OPERATOR_TOKEN)")
		rl, _ := strconv.ParseFloat(env("NAMSFOGD_DSOP_RATE_LIMIT", "0"), 64)
		fs.Float64Var(&c.dsopRateLimit, "dsop-rate-limit", rl,
			"DSOP requests per second per consumer and bank before 429; 0 = the default 100, negative = off, e.g. for load tests (env NAMSFOGD_DSOP_RATE_LIMIT)")
		fs.StringVar(&c.namsmann, "namsmann", env("NAMSFOGD_NAMSMANN", "manual"),
			"manual: utleggsbegjæringer move through the operator API; auto: the namsmann assesses and decides them itself (env NAMSFOGD_NAMSMANN)")
		delay, _ := time.ParseDuration(env("NAMSFOGD_NAMSMANN_DELAY", "5s"))
		fs.DurationVar(&c.namsmannDelay, "namsmann-delay", delay, "with --namsmann auto: how long after submission the namsmann decides (env NAMSFOGD_NAMSMANN_DELAY)")
		fs.StringVar(&c.publicURL, "public-url", env("NAMSFOGD_PUBLIC_URL", ""),
			"base URL clients reach the server at, used as token issuer and audience; empty = http://localhost:<port> (env NAMSFOGD_PUBLIC_URL)")
	}
	if withWorld {
		seed, _ := strconv.ParseUint(env("NAMSFOGD_SEED", "1"), 10, 64)
		persons, _ := strconv.Atoi(env("NAMSFOGD_PERSONS", strconv.Itoa(server.DefaultPersons)))
		fs.Uint64Var(&c.seed, "seed", seed, "seed of the synthetic world; the same seed and size give the same world (env NAMSFOGD_SEED)")
		fs.IntVar(&c.persons, "persons", persons, "number of persons in the synthetic world (env NAMSFOGD_PERSONS)")
	}
}

func (c *commonFlags) validate() error {
	if c.persons < 0 || (c.persons > 0 && c.persons < 2) || c.persons > 10_000_000 {
		return fmt.Errorf("--persons must be from 2 to 10 000 000, got %d", c.persons)
	}
	if c.seed == 0 {
		c.seed = 1
	}
	if c.namsmann != "" && c.namsmann != "manual" && c.namsmann != "auto" {
		return fmt.Errorf("--namsmann %q: want manual or auto", c.namsmann)
	}
	if c.db != "" && !strings.Contains(c.db, "://") && strings.HasPrefix(c.db, "postgres") {
		return fmt.Errorf("--db %q: a PostgreSQL database is given as a postgres:// URL", c.db)
	}
	return nil
}

func (c *commonFlags) logger(w io.Writer) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.logLevel)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", c.logLevel)
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch c.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--log-format %q: want text or json", c.logFormat)
}

func (c *commonFlags) config(log *slog.Logger) server.Config {
	return server.Config{
		Addr: c.addr, DataDir: c.dataDir, DB: c.db, OperatorToken: c.operatorToken, PublicURL: c.publicURL,
		Seed: c.seed, Persons: c.persons, Version: version, Logger: log, DSOPRateLimit: c.dsopRateLimit,
		AutoNamsmann: c.namsmann == "auto", NamsmannDelay: c.namsmannDelay,
	}
}
