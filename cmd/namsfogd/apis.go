package main

import (
	"github.com/namsfogd/namsfogd/internal/categorise"
	"github.com/namsfogd/namsfogd/internal/maskinporten"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg"
)

func init() {
	commands["token"] = command{"get a Maskinporten access token from a running server (prints only the token)", maskinporten.TokenCommand}
	commands["trekk"] = command{"create, version, close and list trekkpålegg on a running server", trekkpaalegg.TrekkCommand}
	commands["categorise"] = command{"categorise a bank statement file: prints row,category_id,confidence", categorise.CategoriseCommand}
	commands["categorise-eval"] = command{"report leaf and group accuracy of the categoriser on a labelled CSV", categorise.EvaluateCommand}
	commandOrder = []string{"serve", "seed", "migrate", "token", "trekk", "categorise", "categorise-eval", "version", "help"}
}
