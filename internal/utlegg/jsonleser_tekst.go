package utlegg

import (
	"unicode/utf16"
	"unicode/utf8"
)

// Strings of the begjæring reader (see leser): a fast scan for the
// common case, and unescaping, control characters and invalid UTF-8 on
// the slow path.

// strengBytes reads a string at l.i (which holds '"') and returns its
// content, unescaped. The result aliases the input or l.buf: it is valid
// until the next string is read.
func (l *leser) strengBytes() ([]byte, error) {
	l.kopiert = false
	start := l.i + 1
	d := l.data
	i := start
	for i < len(d) {
		c := d[i]
		if !spesiell[c] {
			i++
			continue
		}
		switch {
		case c == '"':
			l.i = i + 1
			return d[start:i], nil
		case c == '\\' || c < 0x20:
			return l.strengLangsomt(start)
		default:
			r, n := utf8.DecodeRune(l.data[i:])
			if r == utf8.RuneError && n == 1 {
				return l.strengLangsomt(start)
			}
			i += n
		}
	}
	l.i = len(l.data)
	return nil, l.feil("ugyldig JSON: teksten slutter ikke")
}

// strengLangsomt reads a string with escapes, control characters or
// invalid UTF-8 into l.buf.
func (l *leser) strengLangsomt(start int) ([]byte, error) {
	l.kopiert = true
	b := l.buf[:0]
	i := start
	for i < len(l.data) {
		c := l.data[i]
		switch {
		case c == '"':
			l.i = i + 1
			l.buf = b
			return b, nil
		case c < 0x20:
			l.i = i
			return nil, l.feil("ugyldig JSON: kontrolltegn %#02x i tekst", c)
		case c == '\\':
			if i+1 >= len(l.data) {
				l.i = i
				return nil, l.feil("ugyldig JSON: teksten slutter ikke")
			}
			e := l.data[i+1]
			i += 2
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := hex4(l.data, i)
				if !ok {
					l.i = i - 2
					return nil, l.feil("ugyldig JSON: ugyldig \\u-escape")
				}
				i += 4
				if utf16.IsSurrogate(r) {
					r2, ok := rune(0), false
					if i+6 <= len(l.data) && l.data[i] == '\\' && l.data[i+1] == 'u' {
						r2, ok = hex4(l.data, i+2)
					}
					if d := utf16.DecodeRune(r, r2); ok && d != utf8.RuneError {
						r = d
						i += 6
					} else {
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
			default:
				l.i = i - 2
				return nil, l.feil("ugyldig JSON: ugyldig escape \\%c", e)
			}
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, n := utf8.DecodeRune(l.data[i:])
			if r == utf8.RuneError && n == 1 {
				b = utf8.AppendRune(b, utf8.RuneError)
			} else {
				b = append(b, l.data[i:i+n]...)
			}
			i += n
		}
	}
	l.i = len(l.data)
	return nil, l.feil("ugyldig JSON: teksten slutter ikke")
}

func hex4(d []byte, i int) (rune, bool) {
	if i+4 > len(d) {
		return 0, false
	}
	var r rune
	for _, c := range d[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
