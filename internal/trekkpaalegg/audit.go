package trekkpaalegg

import (
	"net/http"

	"github.com/namsfogd/namsfogd/internal/auth"
	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/trekkpaalegg/trekkstore"
)

// LegalBasis is the legal basis recorded with every disclosure: the
// employer receives the order because it must withhold (dekningsloven
// § 2-7 and skattebetalingsloven § 14-3 on utleggstrekk).
const LegalBasis = "dekningsloven § 2-7; trekkpålegg til trekkpliktig"

// audit records one disclosure record per order shown, before the answer
// is sent: no record, no disclosure (design: "every disclosure of
// personal data is recorded"). Empty answers disclose nothing.
func (s *Service) audit(r *http.Request, c auth.Caller, org, action string, vs []trekkstore.Version) error {
	if s.cfg.DisableReadAudit || len(vs) == 0 {
		return nil
	}
	now := s.cfg.Clock.Now()
	id := korrelasjonsid(r)
	recs := make([]store.AuditRecord, len(vs))
	for i, v := range vs {
		recs[i] = store.AuditRecord{
			Time: now, Service: "trekkpaalegg", Action: action,
			Actor: c.ConsumerOrg, OnBehalfOf: org, SubjectID: v.Skyldner,
			LegalBasis: LegalBasis, Correlation: id, Outcome: "disclosed",
			Details: map[string]any{"trekkid": v.Trekkid, "trekkversjon": v.Trekkversjon,
				"sekvensnummer": v.Sekvensnummer, "client_id": c.ClientID},
		}
	}
	return s.cfg.Store.TrekkAudit(r.Context(), recs)
}
