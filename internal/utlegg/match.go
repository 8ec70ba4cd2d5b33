package utlegg

// Matchers for the formats of layer 1, written out because the regexp
// engine made them a tenth of the validation time.

// erTall reports whether v is a JSON number:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func erTall(v string) bool {
	i := 0
	if i < len(v) && v[i] == '-' {
		i++
	}
	switch {
	case i < len(v) && v[i] == '0':
		i++
	case i < len(v) && v[i] >= '1' && v[i] <= '9':
		i = siffer(v, i+1)
	default:
		return false
	}
	if i < len(v) && v[i] == '.' {
		j := siffer(v, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(v) && (v[i] == 'e' || v[i] == 'E') {
		i++
		if i < len(v) && (v[i] == '+' || v[i] == '-') {
			i++
		}
		j := siffer(v, i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(v)
}

// siffer returns the index after the run of digits starting at i.
func siffer(v string, i int) int {
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	return i
}

// erFireSiffer: ^[0-9]{4}$ (postnummer, kommunenummer).
func erFireSiffer(v string) bool { return len(v) == 4 && siffer(v, 0) == 4 }

// erLandkode: ^[A-Z]{2}$.
func erLandkode(v string) bool {
	return len(v) == 2 && v[0] >= 'A' && v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z'
}

// erUUID: 8-4-4-4-12 hexadecimal digits, either case.
func erUUID(v string) bool {
	if len(v) != 36 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// erIsoDato reports whether v is a valid calendar date as YYYY-MM-DD
// (year 0001–9999), the form parseDato returns unchanged.
func erIsoDato(v string) bool {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' ||
		siffer(v, 0) != 4 || siffer(v, 5) != 7 || siffer(v, 8) != 10 {
		return false
	}
	y := int(v[0]-'0')*1000 + int(v[1]-'0')*100 + int(v[2]-'0')*10 + int(v[3]-'0')
	m := int(v[5]-'0')*10 + int(v[6]-'0')
	d := int(v[8]-'0')*10 + int(v[9]-'0')
	if y == 0 || m < 1 || m > 12 || d < 1 {
		return false
	}
	dager := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		dager = 29
	}
	return d <= dager
}
