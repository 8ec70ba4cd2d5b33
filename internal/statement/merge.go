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
	byKey := map[string]*Account{}
	seen := map[[2]string]bool{}
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
			for _, t := range a.Transactions {
				if t.HasInputID {
					k := [2]string{a.Key, t.ID}
					if seen[k] {
						f.Duplicates++
						if t.Status == Pending {
							f.Pending--
						} else {
							f.Booked--
						}
						continue
					}
					seen[k] = true
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
