package categorise

import "unicode/utf8"

// alphabet size of the normalised text: ' ', a–z, 0–9.
const alpha = 37

func symbol(c byte) int {
	switch {
	case c == ' ':
		return 0
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 1
	case c >= '0' && c <= '9':
		return int(c-'0') + 27
	}
	return 0
}

// fold maps a non-ASCII rune to its ASCII spelling ("" = separator). Banks
// print both "Lønn" and "Lonn", so ø→o, æ→ae, å→a (spec §6.5 step 1).
func fold(r rune) string {
	switch r {
	case 'æ', 'Æ', 'ä', 'Ä':
		return "ae"
	case 'ø', 'Ø', 'ö', 'Ö', 'ó', 'Ó', 'ò', 'ô', 'õ':
		return "o"
	case 'å', 'Å', 'á', 'Á', 'à', 'À', 'â', 'ã':
		return "a"
	case 'é', 'É', 'è', 'È', 'ê', 'ë':
		return "e"
	case 'ü', 'Ü', 'ú', 'ù', 'û':
		return "u"
	case 'í', 'ì', 'î', 'ï':
		return "i"
	case 'ß':
		return "ss"
	case 'ñ', 'Ñ':
		return "n"
	case 'ç', 'Ç':
		return "c"
	case 'š', 'Š':
		return "s"
	case 'ž', 'Ž':
		return "z"
	}
	return ""
}

// asciiMap maps an ASCII byte to its normalised letter or digit, or 0 for
// a separator; '\” maps to 1 (dropped: McDonald's = mcdonalds).
var asciiMap = func() (m [128]byte) {
	for c := 'a'; c <= 'z'; c++ {
		m[c] = byte(c)
		m[c-'a'+'A'] = byte(c)
	}
	for c := '0'; c <= '9'; c++ {
		m[c] = byte(c)
	}
	m['\''] = 1
	return m
}()

// normalise appends the searchable form of s to dst: lower-case ASCII
// letters and digits, every other character a separator, a space between
// letters and digits ("REMA1000" = "rema 1000"), single spaces, and a
// space at both ends so that patterns can demand word boundaries.
func normalise(dst []byte, s string) []byte {
	if len(dst) == 0 || dst[len(dst)-1] != ' ' {
		dst = append(dst, ' ')
	}
	prevDigit, prevSpace := false, true
	for i := 0; i < len(s); {
		c := s[i]
		var f string
		if c < utf8.RuneSelf {
			i++
			m := asciiMap[c]
			if m == 1 {
				continue
			}
			if m == 0 {
				if !prevSpace {
					dst = append(dst, ' ')
					prevSpace = true
				}
				continue
			}
			digit := m <= '9'
			if !prevSpace && digit != prevDigit {
				dst = append(dst, ' ')
			}
			dst = append(dst, m)
			prevDigit, prevSpace = digit, false
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		f = fold(r)
		if f == "" {
			if !prevSpace {
				dst = append(dst, ' ')
				prevSpace = true
			}
			continue
		}
		if !prevSpace && prevDigit {
			dst = append(dst, ' ')
		}
		dst = append(dst, f...)
		prevDigit, prevSpace = false, false
	}
	if !prevSpace {
		dst = append(dst, ' ')
	}
	return dst
}
