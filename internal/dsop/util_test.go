package dsop_test

import (
	"os"

	"github.com/namsfogd/namsfogd/internal/dsop/conformance"
)

type conformanceTokenRequest = conformance.TokenRequest

func osMkdirTemp() (string, error) { return os.MkdirTemp("", "dsop-test-*") }

func tokenIM(h *harness) conformanceTokenRequest {
	return conformanceTokenRequest{Consumer: "974761076", Scope: "bits:kontoinformasjon", Audience: h.env.BankURL}
}
