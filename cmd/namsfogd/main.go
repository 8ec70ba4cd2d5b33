// Command namsfogd serves faithful, stateful simulations of the Norwegian
// debt and enforcement data-sharing APIs over one synthetic world.
//
// Run "namsfogd help" for the commands and flags.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

var commandOrder = []string{"serve", "seed", "migrate", "token", "version", "help"}

func init() {
	commands["serve"] = command{"run the server (the default command)", runServe}
	commands["seed"] = command{"build a synthetic world into the database, replacing the current one", runSeed}
	commands["migrate"] = command{"apply the database migrations and exit", runMigrate}
	commands["version"] = command{"print the version", func(ctx context.Context, args []string, stdout, stderr io.Writer) int {
		fmt.Fprintln(stdout, "namsfogd", version)
		return 0
	}}
	commands["help"] = command{"show this help", func(ctx context.Context, args []string, stdout, stderr io.Writer) int {
		usage(stdout)
		return 0
	}}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `namsfogd — the Norwegian debt and enforcement APIs (Maskinporten, DSOP Kontroll,
Norsk Gjeldsinformasjon, statement analysis, utleggsbegjæring, trekkpålegg)
on your own machine, over one synthetic world.

Usage:
  namsfogd [command] [flags]

Commands:
`)
	for _, name := range commandOrder {
		if c, ok := commands[name]; ok {
			fmt.Fprintf(w, "  %-16s %s\n", name, c.summary)
		}
	}
	fmt.Fprint(w, `
Run "namsfogd <command> --help" for the flags of a command. Every flag can also
be set with its environment variable (shown in the flag help); a flag given on
the command line wins.

Quick start:
  namsfogd                       # serve on :8080 with SQLite in ./data and a 10 000-person world
  namsfogd seed --persons 100000 --seed 42
  namsfogd serve --db postgres://postgres@127.0.0.1:5432/test
`)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	name := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	if name == "-h" || name == "--help" {
		name = "help"
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "namsfogd: unknown command %q\n\n", name)
		usage(stderr)
		return 2
	}
	return c.run(ctx, args, stdout, stderr)
}
