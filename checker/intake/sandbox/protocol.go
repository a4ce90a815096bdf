package sandbox

// Wire protocol between a Pool and its worker, over the worker's stdin and
// stdout. All integers are big-endian uint32.
//
//	worker → parent, once at start:  hello ("frontdoor-sandbox/2\n")
//	parent → worker, per request:    len(kind) kind len(data) data
//	worker → parent, per request:    len(body) body
//
// body is a wireResponse, encoded as wire.go says (version 1 sent it as
// JSON; the hello's version keeps a parent from reading a worker of the
// other version). A worker serves one request at a time; the parent sends
// the next only after the last one's response, but sends a new worker its
// first without waiting for the hello (see roundTrip), or even before the
// Pool exists (launch.StartSpare, which writes requests for this package).
// Anything that does not fit this shape is a protocol error and the parent
// kills the worker.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/frontdoorhq/frontdoor/checker/intake/document"
	"github.com/frontdoorhq/frontdoor/checker/intake/sandbox/launch"
)

const hello = "frontdoor-sandbox/2\n"

// Response codes.
const (
	codeOK          = ""
	codeFailed      = "failed"
	codePanic       = "panic"
	codeUnknownKind = "unknown-kind"
)

type wireResponse struct {
	Code    string
	Doc     *document.Document
	Error   string // handler message, already cleaned
	Partial bool
}

var errFrame = errors.New("sandbox: malformed frame")

// writeRequest writes one request (launch.WriteRequest, which a worker
// started ahead of its Pool is sent its request with).
func writeRequest(w io.Writer, kind string, data []byte) error {
	return launch.WriteRequest(w, kind, data)
}

// readRequest returns io.EOF only for a clean end between requests.
func readRequest(r io.Reader, maxData int) (kind string, data []byte, err error) {
	n, err := readLen(r)
	if err != nil {
		return "", nil, err
	}
	if n == 0 || n > MaxKindLen {
		return "", nil, fmt.Errorf("%w: kind length %d", errFrame, n)
	}
	k := make([]byte, n)
	if _, err := io.ReadFull(r, k); err != nil {
		return "", nil, unexpected(err)
	}
	n, err = readLen(r)
	if err != nil {
		return "", nil, unexpected(err)
	}
	if n > uint32(maxData) {
		return "", nil, fmt.Errorf("%w: data length %d over limit %d", errFrame, n, maxData)
	}
	data = make([]byte, n)
	if _, err := io.ReadFull(r, data); err != nil {
		return "", nil, unexpected(err)
	}
	return string(k), data, nil
}

func writeResponse(w io.Writer, body []byte) error {
	buf := make([]byte, 0, 4+len(body))
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(body)))
	_, err := w.Write(append(buf, body...))
	return err
}

func readResponse(r io.Reader, maxBody int) ([]byte, error) {
	n, err := readLen(r)
	if err != nil {
		return nil, err
	}
	if n > uint32(maxBody) {
		return nil, fmt.Errorf("%w: response length %d over limit %d", errFrame, n, maxBody)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, unexpected(err)
	}
	return body, nil
}

func readLen(r io.Reader) (uint32, error) {
	var b [4]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return 0, err // io.EOF when nothing was read
	}
	return binary.BigEndian.Uint32(b[:]), nil
}

func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
