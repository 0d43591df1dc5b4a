package web

import (
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/dost-platform/dost/internal/platform/fail"
)

// File is one uploaded file of a multipart form: Kind is its input's name without the prefix
// (the document type of "doc_income", say).
type File struct {
	Kind, FileName, ContentType string
	Content                     []byte
}

// Files reads the uploaded files of a multipart form whose inputs are named prefix+kind. A
// body over maxBody is refused as a whole (field "documents"), a file over maxFile before it
// is read whole (its own field), each with the limit in MiB. Several domains' pages take
// documents this way (the desk's application form, the portal's), so it is read once, here.
func Files(r *http.Request, prefix string, maxBody, maxFile int64) ([]File, error) {
	tooBig := func(field string) error {
		return fail.Fields{{Name: field, Key: "invalid.document_size", Args: map[string]any{"Max": maxFile >> 20}}}
	}
	r.Body = http.MaxBytesReader(nil, r.Body, maxBody)
	if err := r.ParseMultipartForm(8 << 20); err != nil && err != http.ErrNotMultipart {
		return nil, tooBig("documents")
	}
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []File
	for name, files := range r.MultipartForm.File {
		kind, ok := strings.CutPrefix(name, prefix)
		if !ok || kind == "" {
			continue
		}
		for _, fh := range files {
			if fh.Size > maxFile {
				return nil, tooBig(name)
			}
			f, err := readFile(kind, fh, maxFile)
			if err != nil {
				return nil, err
			}
			out = append(out, f)
		}
	}
	return out, nil
}

func readFile(kind string, fh *multipart.FileHeader, max int64) (File, error) {
	f, err := fh.Open()
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return File{}, err
	}
	return File{Kind: kind, FileName: fh.Filename, ContentType: http.DetectContentType(b), Content: b}, nil
}
