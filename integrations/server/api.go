package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/frontdoorhq/frontdoor/checker"
	"github.com/frontdoorhq/frontdoor/checker/intake"
	"github.com/frontdoorhq/frontdoor/checker/report"
	"github.com/frontdoorhq/frontdoor/guidance"
	"github.com/frontdoorhq/frontdoor/integrations/internal/httpx"
)

// maxRouteBody caps POST /v1/route: a concern, not a document.
const maxRouteBody = 64 << 10

// route answers POST /v1/route {"text": "concern"} with the route object
// (contract section 3).
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	body, err := httpx.ReadBody(w, r, maxRouteBody)
	if err != nil {
		httpx.BodyError(w, err)
		return
	}
	var req struct {
		Text string `json:"text"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		httpx.Error(w, http.StatusBadRequest, `invalid JSON: want {"text": "the concern"}`)
		return
	}
	if strings.TrimSpace(req.Text) == "" {
		httpx.Error(w, http.StatusBadRequest, `text is required: want {"text": "the concern"}`)
		return
	}
	a := s.pack.Route(req.Text, guidance.Facts{})
	annotateAnswer(r.Context(), a)
	httpx.JSON(w, http.StatusOK, a)
}

func annotateAnswer(ctx context.Context, a guidance.Answer) {
	attrs := []slog.Attr{slog.String("route", a.Route), slog.String("confidence", a.Confidence)}
	if a.Level != nil {
		attrs = append(attrs, slog.Int("level", *a.Level))
	}
	httpx.Annotate(ctx, attrs...)
}

// check answers POST /v1/check with the check result (contract section 2):
// the body is a referral (JSON, or any format frontdoor reads, sniffed from
// the content), or a multipart upload with the document in part "file".
// A document that cannot be read gets 422 with the result's "error" set.
func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	name, data, status, msg := s.upload(w, r)
	if status != 0 {
		httpx.Error(w, status, msg)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.checkLimit)
	defer cancel()
	ref, format, err := s.reader.Read(ctx, data, "")
	var res checker.Result
	status = http.StatusOK
	if err != nil {
		res = checker.Unreadable(name, format, readError(ctx, err))
		status = http.StatusUnprocessableEntity
		if ctx.Err() != nil {
			status = http.StatusServiceUnavailable
		}
	} else {
		res = s.checker.Check(ref)
		res.File, res.Format = name, format
	}
	httpx.Annotate(r.Context(), slog.String("format", format), slog.Int("bytes", len(data)))
	if len(res.Findings) > 0 {
		var ids []string
		seen := map[string]bool{}
		for _, f := range res.Findings {
			if !seen[f.Rule] {
				seen[f.Rule] = true
				ids = append(ids, f.Rule)
			}
		}
		httpx.Annotate(r.Context(), slog.String("rules", strings.Join(ids, ",")), slog.Int("score", res.Score))
	}
	if a, ok := res.Route.(guidance.Answer); ok {
		annotateAnswer(r.Context(), a)
	}
	// The contract's JSON, written by the same writer as `check --format json`.
	var buf bytes.Buffer
	jw, err := report.New("json", &buf, report.Options{})
	if err == nil {
		err = jw.Write(res)
	}
	if err == nil {
		err = jw.Close()
	}
	if err != nil {
		httpx.Error(w, http.StatusInternalServerError, "internal error")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// upload reads the document to check: part "file" of a multipart form, or
// the whole body. On failure it returns the status and message to answer.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) (name string, data []byte, status int, msg string) {
	tooLarge := "the document is larger than the " + strconv.FormatInt(s.maxUpload>>20, 10) + " MB limit"
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		data, err := httpx.ReadBody(w, r, s.maxUpload)
		switch {
		case errors.Is(err, httpx.ErrTooLarge):
			return "", nil, http.StatusRequestEntityTooLarge, tooLarge
		case err != nil:
			return "", nil, http.StatusBadRequest, "could not read the request body"
		}
		return "-", data, 0, ""
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.maxUpload+1<<20) // the document plus the form's own bytes
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, http.StatusBadRequest, "invalid multipart form"
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return "", nil, http.StatusBadRequest, `no part named "file": upload the document as multipart part "file"`
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, http.StatusRequestEntityTooLarge, tooLarge
		}
		if err != nil {
			return "", nil, http.StatusBadRequest, "invalid multipart form"
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, s.maxUpload+1))
		part.Close()
		switch {
		case errors.As(err, &mbe) || int64(len(data)) > s.maxUpload:
			return "", nil, http.StatusRequestEntityTooLarge, tooLarge
		case err != nil:
			return "", nil, http.StatusBadRequest, "invalid multipart form"
		}
		name := path.Base(strings.ReplaceAll(part.FileName(), "\\", "/"))
		if name == "" || name == "." || name == "/" {
			name = "upload"
		}
		return name, data, 0, ""
	}
}

// readError is a reading error as the result shows it: intake's own
// message (it names the problem, never the content), or a generic one.
func readError(ctx context.Context, err error) string {
	var ie *intake.Error
	switch {
	case errors.As(err, &ie):
		return ie.Msg
	case ctx.Err() != nil:
		return "timed out reading the document"
	}
	return "could not read the document"
}
