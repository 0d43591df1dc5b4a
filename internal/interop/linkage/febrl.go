package linkage

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"
)

// ReadFEBRL reads one of the FEBRL synthetic data sets (rec_id, given_name, surname,
// street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id) and
// returns its records and, separately, each record's entity ("rec-1070-org" and
// "rec-1070-dup-0" are entity "1070"). The entities are the truth used only to score a run;
// the records handed to the model carry none of it.
func ReadFEBRL(path string) (recs []Record, entity []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	return parseFEBRL(f, path)
}

func parseFEBRL(in io.Reader, path string) (recs []Record, entity []string, err error) {
	r := csv.NewReader(in)
	r.TrimLeadingSpace = true
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: header: %w", path, err)
	}
	if len(head) != 11 || head[0] != "rec_id" {
		return nil, nil, fmt.Errorf("%s: not a FEBRL file (header %q)", path, head)
	}
	for {
		row, err := r.Read()
		if err == io.EOF {
			return recs, entity, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		id := strings.Split(row[0], "-")
		if len(id) < 3 || len(row) != 11 {
			return nil, nil, fmt.Errorf("%s: line %d: rec_id %q", path, len(recs)+2, row[0])
		}
		entity = append(entity, id[1])
		recs = append(recs, Record{
			Given: row[1], Surname: row[2], StreetNo: row[3], Street: row[4], Street2: row[5],
			Locality: row[6], Postcode: row[7], Region: row[8], BirthDate: row[9], ID: row[10],
		})
	}
}
