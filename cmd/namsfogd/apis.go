package main

import (
	"context"
	"fmt"
	"io"

	"github.com/namsfogd/namsfogd/internal/categorise"
	"github.com/namsfogd/namsfogd/internal/dsop"
	"github.com/namsfogd/namsfogd/internal/maskinporten"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg"
)

func init() {
	commands["token"] = command{"get a Maskinporten access token from a running server (prints only the token)", maskinporten.TokenCommand}
	commands["trekk"] = command{"create, version, close and list trekkpålegg on a running server", trekkpaalegg.TrekkCommand}
	commands["conformance"] = command{"run the DSOP conformance checks against a bank endpoint: conformance dsop --target URL", runConformance}
	commands["demo"] = command{"tell the debt lifecycle through every API, step by step (in-process, or --target URL)", runDemo}
	commands["categorise"] = command{"categorise a bank statement file: prints row,category_id,confidence", categorise.CategoriseCommand}
	commands["categorise-eval"] = command{"report leaf and group accuracy of the categoriser on a labelled CSV", categorise.EvaluateCommand}
	commandOrder = []string{"serve", "seed", "migrate", "token", "trekk", "conformance", "demo", "categorise", "categorise-eval", "version", "help"}
}

// runConformance dispatches "conformance <api> ...".
func runConformance(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "dsop" {
		fmt.Fprintln(stderr, "usage: namsfogd conformance dsop --target BANK_BASE_URL [flags]   (run with --help for the flags)")
		return 2
	}
	return dsop.ConformanceCommand(ctx, args[1:], stdout, stderr)
}
