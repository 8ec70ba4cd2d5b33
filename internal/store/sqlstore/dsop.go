package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/namsfogd/namsfogd/internal/dsop/dsopstore"
)

// This file implements dsopstore.Storage for the DSOP Kontroll API (spec:
// dsop-kontroll.md §5.3, §4.7, §9).
//
// Invariant: an account list's references, page tokens and audit record
// commit in one transaction, so a reference a consumer holds always has
// the audit record of its disclosure.

var _ dsopstore.Storage = (*DB)(nil)

const dsopRefCols = `ref, consumer, request_id, bank_orgnr, account_number, party_id, profile, issued_at`

func scanDSOPRef(s scanner) (dsopstore.Ref, error) {
	var r dsopstore.Ref
	var at string
	err := s.Scan(&r.Ref, &r.Consumer, &r.RequestID, &r.BankOrgNr, &r.AccountNumber, &r.PartyID, &r.Profile, &at)
	r.IssuedAt, _ = time.Parse(time.RFC3339Nano, at)
	return r, err
}

// DSOPDisclose stores references and pages and appends the audit record,
// all in one transaction.
func (db *DB) DSOPDisclose(ctx context.Context, d dsopstore.Disclosure) ([]dsopstore.Ref, error) {
	var out []dsopstore.Ref
	err := db.tx(ctx, func(tx *sql.Tx) error {
		out = make([]dsopstore.Ref, 0, len(d.Refs))
		for _, want := range d.Refs {
			got, err := scanDSOPRef(tx.QueryRowContext(ctx, `SELECT `+dsopRefCols+` FROM dsop_refs
				WHERE consumer = $1 AND request_id = $2 AND bank_orgnr = $3 AND account_number = $4`,
				want.Consumer, want.RequestID, want.BankOrgNr, want.AccountNumber))
			switch {
			case err == nil && got.IssuedAt.After(d.ValidAfter) && got.PartyID == want.PartyID:
				out = append(out, got)
				continue
			case err == nil:
				// Expired (or issued for another party): replace it.
				if _, err := tx.ExecContext(ctx, `DELETE FROM dsop_refs WHERE ref = $1`, got.Ref); err != nil {
					return err
				}
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO dsop_refs (`+dsopRefCols+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
				want.Ref, want.Consumer, want.RequestID, want.BankOrgNr, want.AccountNumber, want.PartyID, want.Profile,
				want.IssuedAt.UTC().Format(time.RFC3339Nano)); err != nil {
				return err
			}
			out = append(out, want)
		}
		for _, p := range d.Pages {
			if _, err := tx.ExecContext(ctx, `INSERT INTO dsop_pages (token, consumer, request_id, bank_orgnr, party_id, page_offset, issued_at)
				VALUES ($1,$2,$3,$4,$5,$6,$7)`, p.Token, p.Consumer, p.RequestID, p.BankOrgNr, p.PartyID, p.Offset,
				p.IssuedAt.UTC().Format(time.RFC3339Nano)); err != nil {
				return err
			}
		}
		if d.Audit != nil {
			rec, err := d.Audit(out)
			if err != nil {
				return err
			}
			if _, err := AppendAuditTx(ctx, tx, rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DSOPGetRef finds an issued accountReference.
func (db *DB) DSOPGetRef(ctx context.Context, ref string) (dsopstore.Ref, error) {
	r, err := scanDSOPRef(db.r.QueryRowContext(ctx, `SELECT `+dsopRefCols+` FROM dsop_refs WHERE ref = $1`, ref))
	return r, notFound(err)
}

// DSOPGetPage finds an issued page token.
func (db *DB) DSOPGetPage(ctx context.Context, token string) (dsopstore.Page, error) {
	var p dsopstore.Page
	var at string
	err := db.r.QueryRowContext(ctx, `SELECT token, consumer, request_id, bank_orgnr, party_id, page_offset, issued_at
		FROM dsop_pages WHERE token = $1`, token).Scan(&p.Token, &p.Consumer, &p.RequestID, &p.BankOrgNr, &p.PartyID, &p.Offset, &at)
	if err != nil {
		return p, notFound(err)
	}
	p.IssuedAt, _ = time.Parse(time.RFC3339Nano, at)
	return p, nil
}
