package importer

import (
	"archive/zip"
	"context"
	"database/sql"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/dost-platform/dost/internal/platform/db"
)

// xlsxSource reads the first worksheet of a workbook row by row, straight from where the
// upload is kept (import_chunks, through chunksAt): a zip needs random access, which the
// chunks give, so the file — personal data — is never copied to a temporary file, and the
// worksheet is decoded as it is inflated, so no sheet is held in memory whole. Only the
// shared strings (the workbook's table of distinct texts) are kept in memory, up to
// maxSharedStrings.
type xlsxSource struct {
	part  io.ReadCloser
	dec   *xml.Decoder
	texts []string // shared strings, by index
	line  int64    // the last row's number
}

// maxSharedStrings bounds the inflated size of a workbook's shared strings: a file whose
// table is larger (or a zip bomb) is refused as unreadable.
const maxSharedStrings = 128 << 20

// maxColumns is a worksheet's widest row (XFD, as in Excel).
const maxColumns = 16384

func newXLSX(r io.ReaderAt, size int64) (*xlsxSource, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNotXLSX, err)
	}
	sheet, texts, err := firstSheet(z)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errNotXLSX, err)
	}
	s := &xlsxSource{}
	if texts != "" {
		if s.texts, err = sharedStrings(z, texts); err != nil {
			return nil, fmt.Errorf("%w: %v", errNotXLSX, err)
		}
	}
	if s.part, err = open(z, sheet); err != nil {
		return nil, fmt.Errorf("%w: %v", errNotXLSX, err)
	}
	s.dec = xml.NewDecoder(s.part)
	return s, nil
}

var errNotXLSX = errors.New("not a workbook")

// firstSheet finds the parts of the workbook's first worksheet and of its shared strings
// ("" when it has none) from the workbook and its relationships.
func firstSheet(z *zip.Reader) (sheet, texts string, err error) {
	var wb struct {
		Sheets []struct {
			RID string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		List []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(z, "xl/workbook.xml", &wb); err != nil {
		return "", "", err
	}
	if err := decodePart(z, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return "", "", err
	}
	if len(wb.Sheets) == 0 {
		return "", "", errors.New("no worksheet")
	}
	for _, r := range rels.List {
		target := path.Join("xl", r.Target)
		if strings.HasPrefix(r.Target, "/") {
			target = strings.TrimPrefix(r.Target, "/")
		}
		switch {
		case r.ID == wb.Sheets[0].RID:
			sheet = target
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			texts = target
		}
	}
	if sheet == "" {
		return "", "", errors.New("the first worksheet has no part")
	}
	return sheet, texts, nil
}

// open opens a part by name, whatever the case its zip entry is written in.
func open(z *zip.Reader, name string) (io.ReadCloser, error) {
	for _, f := range z.File {
		if strings.EqualFold(f.Name, name) {
			return f.Open()
		}
	}
	return nil, fmt.Errorf("no part %s", name)
}

func decodePart(z *zip.Reader, name string, v any) error {
	part, err := open(z, name)
	if err != nil {
		return err
	}
	defer part.Close()
	return xml.NewDecoder(io.LimitReader(part, 16<<20)).Decode(v)
}

// sharedStrings reads the table of texts cells refer to by index: each item's text runs
// joined, its phonetic guides left out.
func sharedStrings(z *zip.Reader, name string) ([]string, error) {
	part, err := open(z, name)
	if err != nil {
		return nil, err
	}
	defer part.Close()
	limited := &io.LimitedReader{R: part, N: maxSharedStrings + 1}
	dec := xml.NewDecoder(limited)
	var texts []string
	var b strings.Builder
	inText, phonetic := false, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return texts, nil
		}
		if err != nil {
			return nil, err
		}
		if limited.N <= 0 {
			return nil, errors.New("shared strings too large")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				b.Reset()
			case "rPh":
				phonetic++
			case "t":
				inText = phonetic == 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				texts = append(texts, b.String())
			case "rPh":
				phonetic--
			case "t":
				inText = false
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
	}
}

// Next returns the next row's number and cells, a missing cell as "". A shared string is
// its text, a boolean TRUE or FALSE, a number as the workbook stores it (450.5, not a
// formatted "450,50").
func (s *xlsxSource) Next() (int64, []string, error) {
	var cells []string
	col, kind, inRow := -1, "", false
	var v strings.Builder
	inValue := false
	for {
		tok, err := s.dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) && !inRow {
				return s.line, nil, io.EOF
			}
			return s.line, nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				inRow, cells, col = true, cells[:0], -1
				s.line++
				if n, err := strconv.ParseInt(attr(t, "r"), 10, 64); err == nil && n > s.line {
					s.line = n
				}
			case "c":
				kind, col = attr(t, "t"), col+1
				if c, ok := columnOf(attr(t, "r")); ok {
					col = c
				}
				if col >= maxColumns {
					return s.line, nil, errors.New("too many columns")
				}
				v.Reset()
			case "v", "t":
				inValue = inRow
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "t":
				inValue = false
			case "c":
				for len(cells) <= col {
					cells = append(cells, "")
				}
				cells[col] = s.cell(kind, v.String())
			case "row":
				return s.line, cells, nil
			}
		case xml.CharData:
			if inValue {
				if v.Len()+len(t) > maxCell {
					return s.line, nil, errors.New("a cell too long")
				}
				v.Write(t)
			}
		}
	}
}

// maxCell bounds one cell's text (Excel holds 32,767 characters; a zip bomb would hold more).
const maxCell = 256 << 10

// cell is a cell's text by its type.
func (s *xlsxSource) cell(kind, v string) string {
	switch kind {
	case "s":
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(s.texts) {
			return ""
		}
		return s.texts[i]
	case "b":
		if strings.TrimSpace(v) == "1" {
			return "TRUE"
		}
		return "FALSE"
	}
	return v
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// columnOf is the zero-based column of a cell reference ("C5" → 2).
func columnOf(ref string) (int, bool) {
	n, i := 0, 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		n = n*26 + int(ref[i]-'A'+1)
		if n > maxColumns {
			return 0, false
		}
	}
	return n - 1, i > 0
}

func (s *xlsxSource) Close() error { return s.part.Close() }

// chunksAt reads an upload at any offset from import_chunks, whose chunks are chunkSize
// bytes each but the last, so an offset names its chunk. It keeps the chunk it read last:
// a worksheet is inflated front to back, one query a megabyte. read is how far into the
// file reading has come, for the progress bar.
type chunksAt struct {
	ctx  context.Context
	db   *db.DB
	id   int64
	seq  int64
	buf  []byte
	read int64
}

func (c *chunksAt) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		seq, at := (off+int64(n))/chunkSize, (off+int64(n))%chunkSize
		if c.buf == nil || seq != c.seq {
			err := c.db.QueryRowContext(c.ctx, `SELECT data FROM import_chunks WHERE import_id = $1 AND seq = $2`, c.id, seq).Scan(&c.buf)
			if errors.Is(err, sql.ErrNoRows) {
				c.buf = nil
				return n, io.EOF
			}
			if err != nil {
				c.buf = nil
				return n, err
			}
			c.seq = seq
		}
		if at >= int64(len(c.buf)) {
			return n, io.EOF
		}
		n += copy(p[n:], c.buf[at:])
	}
	c.read = max(c.read, off+int64(n))
	return n, nil
}
