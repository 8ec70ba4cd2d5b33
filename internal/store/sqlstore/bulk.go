package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/namsfogd/namsfogd/internal/store"
	"github.com/namsfogd/namsfogd/internal/world"
)

// worldTables are the tables LoadWorld replaces, with their columns.
var worldTables = []struct{ name, cols string }{
	{"organisations", orgCols},
	{"persons", personCols},
	{"accounts", accountCols},
	{"account_parties", partyCols},
	{"employments", employmentCols},
	{"debts", debtCols},
}

// secondaryIndexes are dropped during a bulk load and built afterwards,
// which is much faster than maintaining them row by row. The definitions
// match migration 0001 in both dialects.
var secondaryIndexes = []struct{ name, def string }{
	{"accounts_owner", "accounts (owner_id, bank_orgnr)"},
	{"account_parties_party", "account_parties (party_id)"},
	{"employments_person", "employments (person_nin)"},
	{"employments_employer", "employments (employer_orgnr)"},
	{"debts_person", "debts (person_nin)"},
}

// bulkSink turns world records into table rows for a rowWriter.
type bulkSink struct {
	add func(table int, row []any) error
}

func (s bulkSink) Organisation(o world.Organisation) error { return s.add(0, orgArgs(o)) }
func (s bulkSink) Person(p world.Person) error             { return s.add(1, personArgs(p)) }
func (s bulkSink) Account(a world.Account) error           { return s.add(2, accountArgs(a)) }
func (s bulkSink) AccountParty(p world.AccountParty) error {
	return s.add(3, []any{p.AccountNumber, p.PartyID, p.Role, string(p.StartDate), string(p.EndDate)})
}
func (s bulkSink) Employment(e world.Employment) error {
	return s.add(4, []any{e.ID, e.PersonNIN, e.EmployerOrgNr, string(e.StartDate), string(e.EndDate), e.AnnualSalary, int64(e.PositionPercent)})
}
func (s bulkSink) Debt(d world.Debt) error { return s.add(5, debtArgs(d)) }

// LoadWorld replaces the world. The world marker (WorldInfo) is removed
// first and written last, so an interrupted load is visible as "no world"
// and is redone; it is never mistaken for a complete world.
func (db *DB) LoadWorld(ctx context.Context, info store.WorldInfo, gen func(world.Sink) error) error {
	marker, err := json.Marshal(info)
	if err != nil {
		return err
	}
	defer db.orgs.clear()
	if db.dialect == Postgres {
		return db.loadPostgres(ctx, marker, gen)
	}
	return db.loadSQLite(ctx, marker, gen)
}

const (
	sqliteBatchRows  = 100     // rows per multi-row INSERT
	sqliteCommitRows = 400_000 // rows per transaction
)

func (db *DB) loadSQLite(ctx context.Context, marker []byte, gen func(world.Sink) error) (err error) {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	exec := func(q string) error { _, err := conn.ExecContext(ctx, q); return err }
	if err := exec(`PRAGMA synchronous = OFF`); err != nil {
		return err
	}
	defer exec(`PRAGMA synchronous = FULL`)
	exec(`PRAGMA cache_size = -1048576`)
	defer exec(`PRAGMA cache_size = -65536`)

	if err := exec(`BEGIN IMMEDIATE`); err != nil {
		return err
	}
	inTx := true
	defer func() {
		if inTx {
			exec(`ROLLBACK`)
		}
	}()
	stmts := []string{`DELETE FROM settings WHERE name = '` + settingWorld + `'`}
	for _, t := range worldTables {
		stmts = append(stmts, `DELETE FROM `+t.name)
	}
	for _, ix := range secondaryIndexes {
		stmts = append(stmts, `DROP INDEX IF EXISTS `+ix.name)
	}
	for _, s := range stmts {
		if err := exec(s); err != nil {
			return err
		}
	}

	type batch struct {
		one, many *sql.Stmt
		ncols     int
		rows      []any
	}
	batches := make([]*batch, len(worldTables))
	for i, t := range worldTables {
		n := strings.Count(t.cols, ",") + 1
		b := &batch{ncols: n}
		if b.one, err = conn.PrepareContext(ctx, insertSQL(t.name, t.cols, n, 1)); err != nil {
			return err
		}
		defer b.one.Close()
		if b.many, err = conn.PrepareContext(ctx, insertSQL(t.name, t.cols, n, sqliteBatchRows)); err != nil {
			return err
		}
		defer b.many.Close()
		batches[i] = b
	}
	flush := func(b *batch) error {
		for len(b.rows) >= b.ncols*sqliteBatchRows {
			if _, err := b.many.ExecContext(ctx, b.rows[:b.ncols*sqliteBatchRows]...); err != nil {
				return err
			}
			b.rows = b.rows[b.ncols*sqliteBatchRows:]
		}
		for len(b.rows) > 0 {
			if _, err := b.one.ExecContext(ctx, b.rows[:b.ncols]...); err != nil {
				return err
			}
			b.rows = b.rows[b.ncols:]
		}
		b.rows = b.rows[:0]
		return nil
	}
	pending := 0
	add := func(t int, row []any) error {
		b := batches[t]
		b.rows = append(b.rows, row...)
		if len(b.rows) == b.ncols*sqliteBatchRows {
			if _, err := b.many.ExecContext(ctx, b.rows...); err != nil {
				return fmt.Errorf("load %s: %w", worldTables[t].name, err)
			}
			b.rows = b.rows[:0]
		}
		pending++
		if pending >= sqliteCommitRows {
			pending = 0
			for _, b := range batches {
				if err := flush(b); err != nil {
					return err
				}
			}
			if err := exec(`COMMIT`); err != nil {
				return err
			}
			if err := exec(`BEGIN IMMEDIATE`); err != nil {
				inTx = false
				return err
			}
		}
		return ctx.Err()
	}
	if err := gen(bulkSink{add: add}); err != nil {
		return err
	}
	for _, b := range batches {
		if err := flush(b); err != nil {
			return err
		}
	}
	for _, ix := range secondaryIndexes {
		if err := exec(`CREATE INDEX IF NOT EXISTS ` + ix.name + ` ON ` + ix.def); err != nil {
			return err
		}
	}
	if err := exec(`COMMIT`); err != nil {
		return err
	}
	inTx = false
	// Sample-based statistics: a full ANALYZE of a national world reads
	// every page again.
	exec(`PRAGMA analysis_limit = 1000`)
	exec(`ANALYZE`)
	if err := exec(`PRAGMA synchronous = FULL`); err != nil {
		return err
	}
	// The marker commits with synchronous=FULL, which also makes every
	// earlier frame of the write-ahead log durable.
	_, err = conn.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value`, settingWorld, marker)
	return err
}

// insertSQL builds a multi-row INSERT with anonymous ? placeholders. (With
// $n placeholders the SQLite driver looks each parameter up by name, which
// costs O(n) per parameter and dominated the whole load.)
func insertSQL(table, cols string, ncols, nrows int) string {
	var sb strings.Builder
	sb.WriteString("INSERT INTO " + table + " (" + cols + ") VALUES ")
	for r := 0; r < nrows; r++ {
		if r > 0 {
			sb.WriteByte(',')
		}
		sb.WriteByte('(')
		for c := 0; c < ncols; c++ {
			if c > 0 {
				sb.WriteByte(',')
			}
			sb.WriteByte('?')
		}
		sb.WriteByte(')')
	}
	return sb.String()
}

const pgCopyRows = 20_000

// loadPostgres replaces the world in one transaction with COPY.
func (db *DB) loadPostgres(ctx context.Context, marker []byte, gen func(world.Sink) error) error {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		names := make([]string, len(worldTables))
		for i, t := range worldTables {
			names[i] = t.name
		}
		stmts := []string{`DELETE FROM settings WHERE name = '` + settingWorld + `'`, `TRUNCATE ` + strings.Join(names, ", ")}
		for _, ix := range secondaryIndexes {
			stmts = append(stmts, `DROP INDEX IF EXISTS `+ix.name)
		}
		for _, s := range stmts {
			if _, err := tx.Exec(ctx, s); err != nil {
				return err
			}
		}
		colNames := make([][]string, len(worldTables))
		for i, t := range worldTables {
			for _, c := range strings.Split(t.cols, ",") {
				colNames[i] = append(colNames[i], strings.TrimSpace(c))
			}
		}
		bufs := make([][][]any, len(worldTables))
		flush := func(t int) error {
			if len(bufs[t]) == 0 {
				return nil
			}
			_, err := tx.CopyFrom(ctx, pgx.Identifier{worldTables[t].name}, colNames[t], pgx.CopyFromRows(bufs[t]))
			bufs[t] = bufs[t][:0]
			if err != nil {
				return fmt.Errorf("load %s: %w", worldTables[t].name, err)
			}
			return nil
		}
		add := func(t int, row []any) error {
			bufs[t] = append(bufs[t], row)
			if len(bufs[t]) >= pgCopyRows {
				return flush(t)
			}
			return nil
		}
		if err := gen(bulkSink{add: add}); err != nil {
			return err
		}
		for t := range bufs {
			if err := flush(t); err != nil {
				return err
			}
		}
		for _, ix := range secondaryIndexes {
			if _, err := tx.Exec(ctx, `CREATE INDEX IF NOT EXISTS `+ix.name+` ON `+ix.def); err != nil {
				return err
			}
		}
		// Keep the employment id sequence ahead of the loaded ids.
		if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('employments', 'id'), COALESCE((SELECT max(id) FROM employments), 0) + 1, false)`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO settings (name, value) VALUES ($1, $2)`, settingWorld, marker); err != nil {
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return err
		}
		_, err = pc.Exec(ctx, `ANALYZE`)
		return err
	})
}
