package utlegg

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// leser decodes one JSON begjæring straight into the model's structs
// (the per-type readers are generated into dekoder_gen.go from model.go
// by internal/dekodergen). It is strict about JSON (RFC 8259) and keeps
// encoding/json's tolerant reading: names match exactly or else
// case-insensitively, unknown members are skipped, null leaves a value
// absent, a repeated member is decoded again over the first, invalid
// UTF-8 and lone surrogates become U+FFFD. encoding/json made decoding
// three quarters of the validation time: it scans every document twice
// and reflects on every value; this reader scans once and allocates only
// the strings and structs it returns.
type leser struct {
	data  []byte
	i     int
	dybde int
	buf   []byte // unescaped strings
	// kopiert: the last string read was unescaped into buf.
	kopiert bool
}

// maxDybde bounds nesting, as encoding/json does.
const maxDybde = 10000

// lesefeil is a decoding error with the path to where it happened; the
// path is built while the readers return.
type lesefeil struct {
	pos     int
	sti     []string // innermost first
	melding string
}

func (e *lesefeil) Error() string {
	var b bytes.Buffer
	b.WriteByte('$')
	for i := len(e.sti) - 1; i >= 0; i-- {
		b.WriteString(e.sti[i])
	}
	fmt.Fprintf(&b, ": %s (byte %d)", e.melding, e.pos)
	return b.String()
}

func (l *leser) feil(format string, args ...any) error {
	return &lesefeil{pos: l.i, melding: fmt.Sprintf(format, args...)}
}

// iMedlem adds the member name to the path of a decoding error.
func iMedlem(err error, navn string) error {
	if e, ok := err.(*lesefeil); ok {
		e.sti = append(e.sti, "."+navn)
	}
	return err
}

// iElement adds the index to the path of a decoding error.
func iElement(err error, i int) error {
	if e, ok := err.(*lesefeil); ok {
		e.sti = append(e.sti, "["+strconv.Itoa(i)+"]")
	}
	return err
}

// dokument decodes data, which must hold exactly one JSON value, with
// les.
func (l *leser) dokument(data []byte, les func() error) error {
	l.data, l.i = data, 0
	if err := les(); err != nil {
		return err
	}
	if l.neste() != 0 || l.i < len(l.data) {
		return l.feil("data etter JSON-verdien")
	}
	return nil
}

// mellomrom: JSON white space. spesiell: bytes that end the fast scan
// of a string.
var mellomrom, spesiell [256]bool

func init() {
	for _, c := range " \t\n\r" {
		mellomrom[c] = true
	}
	for c := range 256 {
		spesiell[c] = c == '"' || c == '\\' || c < 0x20 || c >= utf8.RuneSelf
	}
}

// neste skips white space and returns the next byte, 0 at the end.
func (l *leser) neste() byte {
	d, i := l.data, l.i
	for i < len(d) && mellomrom[d[i]] {
		i++
	}
	l.i = i
	if i < len(d) {
		return d[i]
	}
	return 0
}

// null consumes a null literal if one is next.
func (l *leser) null() bool {
	if l.neste() == 'n' && bytes.HasPrefix(l.data[l.i:], []byte("null")) {
		l.i += 4
		return true
	}
	return false
}

// art names the kind of the next value for a type error.
func (l *leser) art() string {
	switch l.neste() {
	case '"':
		return "en tekst"
	case '{':
		return "et objekt"
	case '[':
		return "en liste"
	case 't', 'f':
		return "en boolsk verdi"
	case 'n':
		return "null"
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return "et tall"
	case 0:
		return "slutten av dokumentet"
	}
	return fmt.Sprintf("tegnet %q", l.data[l.i])
}

func (l *leser) typefeil(forventet string) error {
	if c := l.neste(); c == 0 || !bytes.ContainsRune([]byte(`"{[tfn-0123456789`), rune(c)) {
		return l.feil("ugyldig JSON: forventet en verdi, fant %s", l.art())
	}
	return l.feil("feil JSON-type: forventet %s, fikk %s", forventet, l.art())
}

// objekt reads an object and calls medlem with each member's name;
// medlem must read the member's value. The name is only valid until
// the value is read.
func (l *leser) objekt(medlem func(navn []byte) error) error {
	if l.neste() != '{' {
		return l.typefeil("et objekt")
	}
	l.i++
	if l.dybde++; l.dybde > maxDybde {
		return l.feil("for dyp nøsting")
	}
	if l.neste() == '}' {
		l.i++
		l.dybde--
		return nil
	}
	for {
		if l.neste() != '"' {
			return l.feil("ugyldig JSON: forventet et medlemsnavn")
		}
		navn, err := l.strengBytes()
		if err != nil {
			return err
		}
		if l.kopiert {
			navn = bytes.Clone(navn) // l.buf is reused by the value
		}
		if l.neste() != ':' {
			return l.feil("ugyldig JSON: forventet ':' etter medlemsnavnet")
		}
		l.i++
		if err := medlem(navn); err != nil {
			return iMedlem(err, string(navn))
		}
		switch l.neste() {
		case ',':
			l.i++
		case '}':
			l.i++
			l.dybde--
			return nil
		default:
			return l.feil("ugyldig JSON: forventet ',' eller '}'")
		}
	}
}

// liste reads an array and calls element for each element; element
// must read it.
func (l *leser) liste(element func(i int) error) error {
	if l.neste() != '[' {
		return l.typefeil("en liste")
	}
	l.i++
	if l.dybde++; l.dybde > maxDybde {
		return l.feil("for dyp nøsting")
	}
	if l.neste() == ']' {
		l.i++
		l.dybde--
		return nil
	}
	for i := 0; ; i++ {
		if err := element(i); err != nil {
			return iElement(err, i)
		}
		switch l.neste() {
		case ',':
			l.i++
		case ']':
			l.i++
			l.dybde--
			return nil
		default:
			return l.feil("ugyldig JSON: forventet ',' eller ']'")
		}
	}
}

// lesListe reads an array into *s as encoding/json does: null is nil,
// [] is empty but not nil, and a repeated member decodes over the
// elements it already has.
func lesListe[T any](l *leser, s *[]T, les func(*leser, *T) error) error {
	if l.null() {
		*s = nil
		return nil
	}
	n := 0
	err := l.liste(func(int) error {
		if n < cap(*s) {
			*s = (*s)[:n+1]
		} else {
			var null T
			*s = append(*s, null)
		}
		n++
		return les(l, &(*s)[n-1])
	})
	if err != nil {
		return err
	}
	if n == 0 {
		*s = []T{}
	}
	*s = (*s)[:n]
	return nil
}

// lesPeker reads an object into **p, allocating it first; null is nil.
func lesPeker[T any](l *leser, p **T, les func(*leser, *T) error) error {
	if l.null() {
		*p = nil
		return nil
	}
	if *p == nil {
		*p = new(T)
	}
	return les(l, *p)
}

// medlemsindeks is the index of navn in navnene: an exact match, else
// the first case-insensitive one; -1 if none.
func medlemsindeks(navn []byte, navnene []string) int {
	for i, n := range navnene {
		if string(navn) == n {
			return i
		}
	}
	for i, n := range navnene {
		if bytes.EqualFold(navn, []byte(n)) {
			return i
		}
	}
	return -1
}

// tekst reads a string; null leaves *s as it is.
func (l *leser) tekst(s *string) error {
	if l.null() {
		return nil
	}
	if l.neste() != '"' {
		return l.typefeil("en tekst")
	}
	b, err := l.strengBytes()
	if err != nil {
		return err
	}
	*s = string(b)
	return nil
}

// tekster reads an array of strings.
func (l *leser) tekster(s *[]string) error {
	return lesListe(l, s, (*leser).tekst)
}

// sannhet reads a boolean behind a pointer; null is nil.
func (l *leser) sannhet(p **bool) error {
	if l.null() {
		*p = nil
		return nil
	}
	var v bool
	switch {
	case l.neste() == 't' && bytes.HasPrefix(l.data[l.i:], []byte("true")):
		v, l.i = true, l.i+4
	case l.neste() == 'f' && bytes.HasPrefix(l.data[l.i:], []byte("false")):
		v, l.i = false, l.i+5
	default:
		return l.typefeil("en boolsk verdi")
	}
	if *p == nil {
		*p = new(bool)
	}
	**p = v
	return nil
}

// tall reads a number literal (or a string holding one, as
// encoding/json allows for a json.Number); null is "".
func (l *leser) tall(t *Tall) error {
	if l.null() {
		*t = ""
		return nil
	}
	switch c := l.neste(); {
	case c == '"':
		b, err := l.strengBytes()
		if err != nil {
			return err
		}
		if !erTall(string(b)) {
			return l.feil("ugyldig tall %q", b)
		}
		*t = Tall(b)
		return nil
	case c == '-' || c >= '0' && c <= '9':
		b, err := l.tallBytes()
		if err != nil {
			return err
		}
		*t = Tall(b)
		return nil
	}
	return l.typefeil("et tall")
}

// tallBytes reads a number literal.
func (l *leser) tallBytes() ([]byte, error) {
	start := l.i
	for l.i < len(l.data) {
		c := l.data[l.i]
		if c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' {
			l.i++
			continue
		}
		break
	}
	b := l.data[start:l.i]
	if !erTall(string(b)) {
		l.i = start
		return nil, l.feil("ugyldig JSON: ugyldig tall %q", b)
	}
	return b, nil
}

// hopp skips one value, checking that it is valid JSON.
func (l *leser) hopp() error {
	switch c := l.neste(); {
	case c == '{':
		return l.objekt(func([]byte) error { return l.hopp() })
	case c == '[':
		return l.liste(func(int) error { return l.hopp() })
	case c == '"':
		_, err := l.strengBytes()
		return err
	case c == 't' && bytes.HasPrefix(l.data[l.i:], []byte("true")):
		l.i += 4
	case c == 'f' && bytes.HasPrefix(l.data[l.i:], []byte("false")):
		l.i += 5
	case c == 'n' && bytes.HasPrefix(l.data[l.i:], []byte("null")):
		l.i += 4
	case c == '-' || c >= '0' && c <= '9':
		_, err := l.tallBytes()
		return err
	default:
		return l.typefeil("en verdi")
	}
	return nil
}

// råVerdi reads one value and returns a copy of its bytes.
func (l *leser) råVerdi() ([]byte, error) {
	l.neste()
	start := l.i
	if err := l.hopp(); err != nil {
		return nil, err
	}
	return bytes.Clone(l.data[start:l.i]), nil
}
