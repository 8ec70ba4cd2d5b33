package nordigen

import (
	"strconv"
	"unicode/utf8"

	"github.com/namsfogd/namsfogd/internal/statement"
)

// txList is a currency group's transactions. It writes its JSON by hand:
// a result holds up to 100 000 transactions and reflection-based
// encoding of them was the largest single cost of processing. The keys
// and their order are those of the outTx struct tags (spec §6.3).
type txList []outTx

// MarshalJSON writes the transactions as a JSON array.
func (l txList) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, len(l)*420+2)
	b = append(b, '[')
	for i := range l {
		if i > 0 {
			b = append(b, ',')
		}
		b = l[i].appendJSON(b)
	}
	return append(b, ']'), nil
}

func (t *outTx) appendJSON(b []byte) []byte {
	b = append(b, `{"amount":`...)
	b = append(b, statement.FormatMinor(int64(t.Amount))...)
	b = append(b, `,"category_id":`...)
	b = strconv.AppendInt(b, int64(t.CategoryID), 10)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, t.Title)
	b = append(b, `,"level":`...)
	b = strconv.AppendInt(b, int64(t.Level), 10)
	b = append(b, `,"parent_id":`...)
	if t.ParentID == nil {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendInt(b, int64(*t.ParentID), 10)
	}
	b = append(b, `,"category_path":[`...)
	for i, p := range t.CategoryPath {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = strconv.AppendInt(b, int64(p.ID), 10)
		b = append(b, `,"title":`...)
		b = appendJSONString(b, p.Title)
		b = append(b, '}')
	}
	b = append(b, `],"type":`...)
	b = appendJSONString(b, t.Type)
	b = append(b, `,"confidence":`...)
	b = strconv.AppendFloat(b, t.Confidence, 'f', -1, 64)
	b = append(b, `,"date":`...)
	b = appendJSONString(b, t.Date)
	b = append(b, `,"value_date":`...)
	if t.ValueDate == nil {
		b = append(b, "null"...)
	} else {
		b = appendJSONString(b, *t.ValueDate)
	}
	b = append(b, `,"info":`...)
	b = appendJSONString(b, t.Info)
	b = append(b, `,"partner":`...)
	b = appendJSONString(b, t.Partner)
	b = append(b, `,"transaction_id":`...)
	b = appendJSONString(b, t.TransactionID)
	b = append(b, `,"booking_status":`...)
	b = appendJSONString(b, t.BookingStatus)
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as a JSON string without escaping non-ASCII
// or HTML characters (spec §1.2); invalid UTF-8 becomes U+FFFD, as
// encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
