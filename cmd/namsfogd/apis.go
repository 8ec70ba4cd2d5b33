package main

import (
	"github.com/namsfogd/namsfogd/internal/categorise"
)

func init() {
	commands["categorise"] = command{"categorise a bank statement file: prints row,category_id,confidence", categorise.CategoriseCommand}
	commands["categorise-eval"] = command{"report leaf and group accuracy of the categoriser on a labelled CSV", categorise.EvaluateCommand}
	commandOrder = append(commandOrder[:4], append([]string{"categorise", "categorise-eval"}, commandOrder[4:]...)...)
}
