package gjeld

import (
	"context"
	"errors"

	"github.com/namsfogd/namsfogd/internal/gjeld/model"
	"github.com/namsfogd/namsfogd/internal/store"
)

// Demo clients seeded by SeedDefaults: the four profiles of the
// conformance fixtures (spec: gjeldsinformasjon.md §12). Their secrets are
// public demo values; register your own clients for anything else.
var DemoClients = []ClientSpec{
	{ClientID: "f8c4da9f-4c93-4904-8de4-b5942776f9c2", ClientSecret: "demo-secret-c1", OrgNr: "898205614",
		Name: "DEMO LÅNEFORMIDLING AS", RedirectURIs: []string{"https://client.test/cb"},
		Purposes: []string{model.PurposePresentation, model.PurposeProcessing}, AgreementConsents: true, ConsentEvents: true},
	{ClientID: "2b4b0f7e-6a51-4d0e-9a63-2f1f0c6d7c02", ClientSecret: "demo-secret-c2", OrgNr: "817419216",
		Name: "DEMO BANK ASA", RedirectURIs: []string{"https://client2.test/cb"},
		Purposes: []string{model.PurposePresentation, model.PurposeProcessing}, AgreementConsents: true, ConsentEvents: true},
	{ClientID: "5d0c3a2e-8f7b-4c1d-b6e9-3a4f5b6c7d03", ClientSecret: "demo-secret-c3", OrgNr: "875912046",
		Name: "DEMO ØKONOMIAPP AS", RedirectURIs: []string{"https://client3.test/cb"},
		Purposes: []string{model.PurposePresentation}},
	{ClientID: "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b04", ClientSecret: "demo-secret-c4", OrgNr: "938465452",
		Name: "DEMO NETTBANK AS", RedirectURIs: []string{"https://client4.test/cb"},
		Purposes: []string{model.PurposePresentation}, AgreementConsents: true},
}

// SeedDefaults registers the demo clients unless they exist; running it
// again changes nothing. The first client also accepts the demo callback
// under the service's own base URL.
func (s *Service) SeedDefaults(ctx context.Context) error {
	for i, sp := range DemoClients {
		if i == 0 {
			sp.RedirectURIs = append(append([]string{}, sp.RedirectURIs...), s.url("/demo/callback"))
		}
		if _, err := s.store.GjeldGetClient(ctx, sp.ClientID); err == nil {
			continue
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if _, _, err := s.CreateClient(ctx, sp); err != nil && !errors.Is(err, store.ErrConflict) {
			return err
		}
	}
	return nil
}
