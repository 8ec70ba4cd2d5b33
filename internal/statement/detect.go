package statement

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// Parse detects the format of one input part by content and parses it
// (spec: statement-analysis.md §5.2). index is the part's zero-based
// position, used in error sources and generated ids. A failure is always
// an *Error.
func Parse(index int, data []byte) (f *File, err error) {
	src := fmt.Sprintf("input[%d]", index)
	defer func() {
		// A parser bug must never take the process down; the file is
		// then reported as unreadable.
		if r := recover(); r != nil {
			f, err = nil, &Error{Code: CodeInvalid, Source: src, Detail: "the file could not be read"}
		}
	}()
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, &Error{Code: CodePDF, Source: src, Detail: "PDF statements are not supported; upload JSON, camt.053 or CSV"}
	}
	if !utf8.Valid(data) {
		first := firstNonSpace(data)
		if first != '{' && first != '[' && first != '<' {
			dec := decodeCP1252(data)
			if hdr := firstLine(dec); hdr != "" && csvKnownHeader(hdr) {
				f, err = parseCSV(index, dec)
				if f != nil {
					f.finish()
				}
				return f, err
			}
		}
		return nil, &Error{Code: CodeInvalidEncoding, Source: src, Detail: "the file is not valid UTF-8"}
	}
	switch firstNonSpace(data) {
	case '{', '[':
		f, err = parseJSON(index, data)
	case '<':
		f, err = parseCamt(index, data)
	case 0:
		return nil, &Error{Code: CodeNoParser, Source: src, Detail: "the file is empty"}
	default:
		f, err = parseCSV(index, string(data))
	}
	if err != nil {
		return nil, err
	}
	f.finish()
	return f, nil
}

func firstNonSpace(b []byte) byte {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c
	}
	return 0
}

// cp1252 maps the bytes 0x80–0x9F of Windows-1252; the rest equal Latin-1.
var cp1252 = [32]rune{
	'€', 0xfffd, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0xfffd, 'Ž', 0xfffd,
	0xfffd, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0xfffd, 'ž', 'Ÿ',
}

func decodeCP1252(b []byte) string {
	out := make([]rune, 0, len(b))
	for _, c := range b {
		switch {
		case c < 0x80:
			out = append(out, rune(c))
		case c < 0xa0:
			out = append(out, cp1252[c-0x80])
		default:
			out = append(out, rune(c))
		}
	}
	return string(out)
}
