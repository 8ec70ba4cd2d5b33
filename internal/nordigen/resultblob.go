package nordigen

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"sync"
)

// The stored form of a finished record's result (the record's result
// column). A completed categorisation of a 10 MiB upload is ~16 MB of
// JSON; writing that to the database and reading it back per GET cost
// more time and memory than the analysis itself. Its keys and category
// texts repeat on every transaction, so it deflates to 2–12 % (by how
// varied the statement's own texts are), and large results are stored
// compressed:
//
//	plain:      the JSON object itself ("{…}"), for results up to
//	            plainLimit bytes and for records stored by earlier
//	            versions;
//	compressed: "NGZ1" crc32(X) uint32-LE  len(X) uint64-LE  deflate(X)
//	            where X is the JSON object without its closing brace
//	            and deflate(X) is a raw DEFLATE stream ended by a sync
//	            flush (no final block).
//
// Leaving the stream open lets GET splice its own members and the
// envelope after the result without recompressing anything: to a client
// that accepts gzip it sends the stored stream inside a gzip member
// (stored blocks before and after it, CRC-32 combined), and to any
// other client it inflates the stream as it writes.
const (
	ngzMagic   = "NGZ1"
	ngzHeader  = len(ngzMagic) + 4 + 8
	plainLimit = 64 << 10
	// chunkSize is how much JSON is compressed as one piece; pieces are
	// compressed concurrently, each with a sync flush, and their streams
	// joined (each starts without the previous piece's window, which
	// costs little at this size).
	chunkSize = 256 << 10
	// resultLevel: on this JSON levels 1 and 2 are close in time and
	// size, and 3–9 are no smaller.
	resultLevel = 2
)

// resultWriter collects a result object. The writing code appends to b
// and calls spill now and then; a result of at most plainLimit bytes
// stays plain, and a larger one is compressed as it comes, piece by
// piece on as many cores as there are.
type resultWriter struct {
	b      []byte
	chunks []*resultChunk // in order; nil while the result is plain
	slots  chan struct{}  // bounds the pieces being compressed at once
	crc    uint32
	n      uint64
}

type resultChunk struct {
	out  []byte
	err  error
	done chan struct{}
}

func newResultWriter() *resultWriter {
	return &resultWriter{b: make([]byte, 0, chunkSize+8<<10), slots: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))}
}

// spill hands what has been gathered to a compressor once it is a
// piece's worth.
func (w *resultWriter) spill() {
	if len(w.b) >= chunkSize {
		w.compress(w.b)
		w.b = (*chunkBuffers.Get().(*[]byte))[:0]
	}
}

// chunkBuffers recycles the pieces' buffers.
var chunkBuffers = sync.Pool{New: func() any { b := make([]byte, 0, chunkSize+8<<10); return &b }}

// flateWriters recycles compressors (each holds a few hundred KB of
// tables).
var flateWriters = sync.Pool{New: func() any {
	zw, err := flate.NewWriter(io.Discard, resultLevel)
	if err != nil {
		panic(err) // only for an invalid level
	}
	return zw
}}

// compress starts compressing p, which the writer gives up.
func (w *resultWriter) compress(p []byte) {
	w.crc = crc32.Update(w.crc, crc32.IEEETable, p)
	w.n += uint64(len(p))
	c := &resultChunk{done: make(chan struct{})}
	w.chunks = append(w.chunks, c)
	w.slots <- struct{}{}
	go func() {
		defer func() {
			if r := recover(); r != nil {
				c.err = fmt.Errorf("nordigen: compressing the result: %v", r)
			}
			<-w.slots
			close(c.done)
		}()
		var out bytes.Buffer
		out.Grow(len(p) / 4)
		zw := flateWriters.Get().(*flate.Writer)
		zw.Reset(&out)
		if _, c.err = zw.Write(p); c.err == nil {
			c.err = zw.Flush() // byte-aligned, no final block: pieces join
		}
		flateWriters.Put(zw)
		p = p[:0]
		chunkBuffers.Put(&p)
		c.out = out.Bytes()
	}()
}

// marshal appends a value encoded as the API encodes JSON (spec §1.2).
func (w *resultWriter) marshal(v any) error {
	b, err := marshal(v)
	if err != nil {
		return err
	}
	w.b = append(w.b, bytes.TrimRight(b, "\n")...)
	w.spill()
	return nil
}

// finish returns the stored form of the complete object written.
func (w *resultWriter) finish() ([]byte, error) {
	if w.chunks == nil && len(w.b) <= plainLimit {
		return w.b, nil
	}
	if len(w.b) == 0 || w.b[len(w.b)-1] != '}' {
		return nil, errors.New("nordigen: result does not end an object")
	}
	w.compress(w.b[:len(w.b)-1])
	w.b = nil
	size := ngzHeader
	for _, c := range w.chunks {
		<-c.done
		if c.err != nil {
			return nil, c.err
		}
		size += len(c.out)
	}
	out := make([]byte, ngzHeader, size)
	copy(out, ngzMagic)
	binary.LittleEndian.PutUint32(out[4:], w.crc)
	binary.LittleEndian.PutUint64(out[8:], w.n)
	for _, c := range w.chunks {
		out = append(out, c.out...)
	}
	return out, nil
}

// storedResult is a decoded result column.
type storedResult struct {
	plain []byte // the JSON object, when stored plain
	// Compressed: X (the object without its closing brace) as a raw
	// DEFLATE stream without a final block, with its CRC-32 and length.
	stream []byte
	crc    uint32
	n      uint64
}

var errBadResult = errors.New("nordigen: stored result is neither a JSON object nor NGZ1")

func parseStoredResult(b []byte) (storedResult, error) {
	if bytes.HasPrefix(b, []byte(ngzMagic)) {
		if len(b) < ngzHeader {
			return storedResult{}, errBadResult
		}
		return storedResult{stream: b[ngzHeader:], crc: binary.LittleEndian.Uint32(b[4:]), n: binary.LittleEndian.Uint64(b[8:])}, nil
	}
	res := bytes.TrimSpace(b)
	if len(res) < 2 || res[0] != '{' || res[len(res)-1] != '}' {
		return storedResult{}, errBadResult
	}
	return storedResult{plain: res}, nil
}

// finalBlock is an empty final stored DEFLATE block: appended to a
// stream left open by a sync flush, it ends it.
var finalBlock = []byte{0x01, 0x00, 0x00, 0xff, 0xff}

// inflate returns a reader of X.
func (r storedResult) inflate() io.ReadCloser {
	return flate.NewReader(io.MultiReader(bytes.NewReader(r.stream), bytes.NewReader(finalBlock)))
}

// gzipBody writes prefix + X + suffix as one gzip member (RFC 1952)
// whose DEFLATE data is: prefix in stored blocks, the stored stream as
// is, suffix in stored blocks, the last one final.
func (r storedResult) gzipBody(prefix, suffix []byte) []byte {
	out := make([]byte, 0, 10+len(prefix)+len(r.stream)+len(suffix)+32)
	// Header: magic, deflate, no flags, no mtime, no extra flags, OS unknown.
	out = append(out, 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255)
	out = appendStored(out, prefix, false)
	out = append(out, r.stream...)
	out = appendStored(out, suffix, true)
	crc := crc32Combine(crc32.ChecksumIEEE(prefix), r.crc, r.n)
	crc = crc32.Update(crc, crc32.IEEETable, suffix)
	size := uint64(len(prefix)) + r.n + uint64(len(suffix))
	out = binary.LittleEndian.AppendUint32(out, crc)
	return binary.LittleEndian.AppendUint32(out, uint32(size))
}

// appendStored appends p as stored DEFLATE blocks starting at a byte
// boundary (RFC 1951 §3.2.4); the last is final when final is set.
func appendStored(out, p []byte, final bool) []byte {
	for {
		n := min(len(p), 0xffff)
		last := n == len(p)
		var hdr byte
		if last && final {
			hdr = 1
		}
		out = append(out, hdr, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		out = append(out, p[:n]...)
		p = p[n:]
		if last {
			return out
		}
	}
}

// crc32Combine returns the CRC-32 (IEEE) of A followed by B from the
// CRCs of A and B and the length of B (zlib's crc32_combine: multiply
// crcA by x^(8·lenB) modulo the polynomial, in GF(2)).
func crc32Combine(crcA, crcB uint32, lenB uint64) uint32 {
	if lenB == 0 {
		return crcA
	}
	var even, odd [32]uint32
	// odd: the operator for one zero bit.
	odd[0] = crc32.IEEE
	row := uint32(1)
	for n := 1; n < 32; n++ {
		odd[n] = row
		row <<= 1
	}
	gf2Square(even[:], odd[:]) // two zero bits
	gf2Square(odd[:], even[:]) // four zero bits
	for {
		gf2Square(even[:], odd[:]) // first time: one zero byte
		if lenB&1 != 0 {
			crcA = gf2Times(even[:], crcA)
		}
		lenB >>= 1
		if lenB == 0 {
			break
		}
		gf2Square(odd[:], even[:])
		if lenB&1 != 0 {
			crcA = gf2Times(odd[:], crcA)
		}
		lenB >>= 1
		if lenB == 0 {
			break
		}
	}
	return crcA ^ crcB
}

func gf2Times(mat []uint32, vec uint32) uint32 {
	var sum uint32
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

func gf2Square(square, mat []uint32) {
	for n := range 32 {
		square[n] = gf2Times(mat, mat[n])
	}
}
