package eligibility

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"strconv"
	"unicode/utf8"

	"github.com/dost-platform/dost/internal/platform/fail"
)

// InDocument moves the positions of a rule's expression errors — which Compile counts within
// one expression — into doc, the rule's JSON as the analyst wrote it, so that "line 14,
// column 37" points at the mistake in the text they edit. An error on a field doc does not
// hold as a string (a rule read from elsewhere) keeps its position.
func InDocument(doc []byte, err error) error {
	var fields fail.Fields
	if !errors.As(err, &fields) {
		return err
	}
	quotes := stringValues(doc)
	out := make(fail.Fields, len(fields))
	for i, f := range fields {
		out[i] = f
		quote, ok := quotes[f.Name]
		if !ok {
			continue
		}
		line, col := 1, 1
		if l, ok := f.Args["Line"].(int); ok {
			line, col = l, f.Args["Column"].(int)
		}
		out[i].Args = maps.Clone(f.Args)
		if out[i].Args == nil {
			out[i].Args = map[string]any{}
		}
		out[i].Args["Line"], out[i].Args["Column"] = lineColumn(doc, rawOffset(doc, quote, line, col))
	}
	return out
}

// frame is one open object or array while walking a JSON document.
type frame struct {
	array bool
	index int
	key   string
	isKey bool // an object expecting a key next
}

// stringValues maps the path of every string value in doc ("conditions[0].expr", "amount")
// to the offset of its opening quote.
func stringValues(doc []byte) map[string]int {
	out := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(doc))
	var stack []*frame
	next := func() { // the value at the top frame's position is complete
		if len(stack) > 0 {
			if top := stack[len(stack)-1]; top.array {
				top.index++
			} else {
				top.isKey = true
			}
		}
	}
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				stack = append(stack, &frame{array: t == '[', isKey: t == '{'})
			default:
				stack = stack[:len(stack)-1]
				next()
			}
		case string:
			if top := len(stack) - 1; top >= 0 && stack[top].isKey {
				stack[top].key, stack[top].isKey = t, false
				continue
			}
			i := int(before)
			for i < len(doc) && doc[i] != '"' {
				i++
			}
			out[path(stack)] = i
			next()
		default:
			next()
		}
	}
}

func path(stack []*frame) string {
	var b []byte
	for _, f := range stack {
		switch {
		case f.array:
			b = append(append(append(b, '['), strconv.Itoa(f.index)...), ']')
		case len(b) > 0:
			b = append(append(b, '.'), f.key...)
		default:
			b = append(b, f.key...)
		}
	}
	return string(b)
}

// rawOffset finds, in the JSON string whose opening quote is at quote, the byte where the
// decoded text's line and column (1-based, in characters) fall: escapes such as \n and \"
// take several bytes in the document for one character of the expression.
func rawOffset(doc []byte, quote, line, col int) int {
	l, c := 1, 1
	i := quote + 1
	for i < len(doc) && doc[i] != '"' {
		if l == line && c == col {
			return i
		}
		r, size := utf8.DecodeRune(doc[i:])
		if r == '\\' && i+1 < len(doc) {
			r, size = rune(doc[i+1]), 2
			if r == 'u' {
				size = 6
			} else if r == 'n' {
				r = '\n'
			}
		}
		if r == '\n' {
			l, c = l+1, 1
		} else {
			c++
		}
		i += size
	}
	return min(i, len(doc))
}

// lineColumn is the 1-based line and column (in characters) of the byte at off in doc.
func lineColumn(doc []byte, off int) (int, int) {
	start := bytes.LastIndexByte(doc[:off], '\n') + 1
	return bytes.Count(doc[:off], []byte{'\n'}) + 1, utf8.RuneCount(doc[start:off]) + 1
}
