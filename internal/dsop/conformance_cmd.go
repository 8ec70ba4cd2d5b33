package dsop

import (
	"context"
	"io"

	"github.com/namsfogd/namsfogd/internal/dsop/conformance"
)

// ConformanceCommand is `namsfogd conformance dsop --target BASE_URL`: it
// runs the conformance checks of spec: dsop-kontroll.md §11 against any
// DSOP bank endpoint and prints a pass/fail table (see package
// conformance for the flags).
func ConformanceCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return conformance.Command(ctx, args, stdout, stderr)
}
