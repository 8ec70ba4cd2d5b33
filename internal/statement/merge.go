package statement

// Upload is the result of pre-processing all files of one upload.
type Upload struct {
	Files    []*File
	Accounts []*Account
}

// Merge combines the files of one upload (spec: statement-analysis.md
// §5.8): accounts with the same key are merged, in file order, and
// transactions with the same account key and the same input-supplied
// transaction id are dropped after the first, counted in the dropping
// file's Duplicates. Transactions without an input id are never dropped.
func Merge(files []*File) *Upload {
	u := &Upload{Files: files}
	type source struct {
		f *File
		a *Account
	}
	byKey := map[string]*Account{}
	sources := map[*Account][]source{}
	for _, f := range files {
		for _, a := range f.Accounts {
			dst := byKey[a.Key]
			if dst == nil {
				dst = &Account{Key: a.Key, KeyFromInput: a.KeyFromInput, Bank: a.Bank}
				byKey[a.Key] = dst
				u.Accounts = append(u.Accounts, dst)
			}
			if dst.Bank == "" {
				dst.Bank = a.Bank
			}
			for _, h := range a.Holders {
				if !contains(dst.Holders, h) {
					dst.Holders = append(dst.Holders, h)
				}
			}
			dst.Balances = append(dst.Balances, a.Balances...)
			sources[dst] = append(sources[dst], source{f, a})
		}
	}
	for _, dst := range u.Accounts {
		srcs := sources[dst]
		n := 0
		for _, s := range srcs {
			n += len(s.a.Transactions)
		}
		seen := make(map[string]struct{}, n)
		// dup[i][j] marks the j-th transaction of the i-th source as a
		// duplicate; nil while there are none.
		var dup [][]bool
		for i, s := range srcs {
			for j := range s.a.Transactions {
				t := &s.a.Transactions[j]
				if !t.HasInputID {
					continue
				}
				if _, ok := seen[t.ID]; !ok {
					seen[t.ID] = struct{}{}
					continue
				}
				if dup == nil {
					dup = make([][]bool, len(srcs))
				}
				if dup[i] == nil {
					dup[i] = make([]bool, len(s.a.Transactions))
				}
				dup[i][j] = true
				s.f.Duplicates++
				if t.Status == Pending {
					s.f.Pending--
				} else {
					s.f.Booked--
				}
			}
		}
		if len(srcs) == 1 && dup == nil {
			// The common case: one account, nothing dropped. The
			// transactions are shared, not copied (a 10 MiB statement
			// holds ~40 000 of them).
			dst.Transactions = srcs[0].a.Transactions
			continue
		}
		if n > 0 {
			dst.Transactions = make([]Transaction, 0, n)
		}
		for i, s := range srcs {
			for j, t := range s.a.Transactions {
				if dup != nil && dup[i] != nil && dup[i][j] {
					continue
				}
				dst.Transactions = append(dst.Transactions, t)
			}
		}
	}
	return u
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}
