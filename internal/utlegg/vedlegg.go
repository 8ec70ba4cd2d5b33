package utlegg

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/namsfogd/namsfogd/internal/httpx"
	"github.com/namsfogd/namsfogd/internal/utlegg/utleggstore"
)

// Attachments: upload, then reference by uuid (spec:
// utleggsbegjaering.md §6.1, §6.2).

// MaxVedlegg is the largest accepted file (spec: §6.1, 25 MiB).
const MaxVedlegg = 25 << 20

// eicar is the antivirus test string; a file containing it is "infected".
const eicar = `X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`

// vedleggStatus simulates virus check, validation and PDF conversion
// deterministically (spec: §6.1).
func vedleggStatus(data []byte) string {
	switch {
	case bytes.Contains(data, []byte(eicar)):
		return VedleggVirus
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return VedleggKlar
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")), bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return VedleggKlar
	}
	return VedleggIkkeKonverterbar
}

var forStor = &apiError{status: http.StatusRequestEntityTooLarge, kode: KodeValidering,
	melding: "Vedlegget er større enn 25 MiB"}

func (s *Service) lastOppVedlegg(w http.ResponseWriter, r *http.Request) error {
	org, err := s.begin(r)
	if err != nil {
		return err
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return fail(http.StatusUnsupportedMediaType, KodeDataformat, "Content-Type må være multipart/form-data, application/pdf, image/png eller image/jpeg")
	}
	v := utleggstore.Vedlegg{UUID: httpx.NewUUID(), Org: org, Opprettet: s.cfg.Clock.Now().UTC()}
	body := http.MaxBytesReader(w, r.Body, MaxVedlegg+1<<20)
	switch mt {
	case "multipart/form-data":
		if params["boundary"] == "" {
			return ugyldig("multipart/form-data uten boundary")
		}
		if err := lesMultipart(body, params["boundary"], &v); err != nil {
			return err
		}
	case "application/pdf", "image/png", "image/jpeg", "application/octet-stream":
		q := r.URL.Query()
		v.Filnavn, v.InnsenderReferanse, v.Type, v.ContentType = q.Get("filnavn"), q.Get("innsenderReferanse"), q.Get("type"), mt
		if strings.TrimSpace(v.Filnavn) == "" {
			return ugyldig("filnavn: mangler")
		}
		data, err := io.ReadAll(io.LimitReader(body, MaxVedlegg+1))
		if err != nil {
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				return forStor
			}
			return ugyldig("Kunne ikke lese vedlegget")
		}
		v.Data = data
	default:
		return fail(http.StatusUnsupportedMediaType, KodeDataformat, "Content-Type må være multipart/form-data, application/pdf, image/png eller image/jpeg")
	}
	switch {
	case len(v.Data) > MaxVedlegg:
		return forStor
	case len(v.Data) == 0:
		return ugyldig("fil: vedlegget er tomt")
	case len(v.Filnavn) > maxTekst || len(v.InnsenderReferanse) > maxTekst:
		return ugyldig("filnavn/innsenderReferanse: for lang")
	}
	if v.Type != "" {
		if _, ok := enumMatch(v.Type, vedleggTyper); !ok {
			return ugyldig("type: ukjent verdi " + v.Type)
		}
	}
	v.Storrelse = int64(len(v.Data))
	v.Status = vedleggStatus(v.Data)
	if s.cfg.DeferVedlegg && v.Status != VedleggVirus {
		v.Status = VedleggMottatt
	}
	if err := s.cfg.Store.UtleggPutVedlegg(r.Context(), v); err != nil {
		return s.storageFailure(r, err)
	}
	w.Header().Set("Location", s.cfg.BaseURL+strings.TrimRight(r.URL.Path, "/")+"/"+v.UUID)
	return respond(w, r, http.StatusCreated, vedleggsinfo(v))
}

func lesMultipart(body io.Reader, boundary string, v *utleggstore.Vedlegg) error {
	mr := multipart.NewReader(body, boundary)
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				return forStor
			}
			return ugyldig("Ugyldig multipart-innhold")
		}
		switch part.FormName() {
		case "fil", "file":
			data, err := io.ReadAll(io.LimitReader(part, MaxVedlegg+1))
			if err != nil {
				var mb *http.MaxBytesError
				if errors.As(err, &mb) {
					return forStor
				}
				return ugyldig("Kunne ikke lese vedlegget")
			}
			v.Data, v.Filnavn, v.ContentType = data, part.FileName(), part.Header.Get("Content-Type")
		case "innsenderReferanse", "type":
			b, err := io.ReadAll(io.LimitReader(part, maxTekst+1))
			if err != nil {
				return ugyldig("Ugyldig multipart-innhold")
			}
			if part.FormName() == "type" {
				v.Type = strings.TrimSpace(string(b))
			} else {
				v.InnsenderReferanse = strings.TrimSpace(string(b))
			}
		}
		part.Close()
	}
	if v.Data == nil {
		return ugyldig("fil: mangler")
	}
	if strings.TrimSpace(v.Filnavn) == "" {
		v.Filnavn = "vedlegg"
	}
	return nil
}

func vedleggsinfo(v utleggstore.Vedlegg) Vedleggsinfo {
	return Vedleggsinfo{UUID: v.UUID, Filnavn: v.Filnavn, InnsenderReferanse: v.InnsenderReferanse, Type: v.Type,
		Status: v.Status, Opprettet: fmtTime(v.Opprettet)}
}

func (s *Service) hentVedlegg(w http.ResponseWriter, r *http.Request) error {
	org, err := s.begin(r)
	if err != nil {
		return err
	}
	id := strings.ToLower(r.PathValue("uuid"))
	if !erUUID(id) {
		return ugyldig("uuid: ugyldig format")
	}
	m, err := s.cfg.Store.UtleggGetVedlegg(r.Context(), []string{id})
	if err != nil {
		return s.storageFailure(r, err)
	}
	v, ok := m[id]
	if !ok || v.Org != org {
		return ingenTreff
	}
	return respond(w, r, http.StatusOK, vedleggsinfo(v))
}
