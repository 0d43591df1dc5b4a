// Command linkage measures record linkage (internal/interop/linkage): its quality and time on
// the FEBRL data sets, and on a generated Azerbaijani registry with known duplicates at any
// size. Results go to standard output as Markdown rows for docs/PERFORMANCE.md; no record's
// content is printed.
//
//	go run ./bench/linkage --febrl ../shared/external/febrl --runs 5
//	go run ./bench/linkage --persons 1000000 --dup 0.10
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/dost-platform/dost/internal/interop/linkage"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), `Usage: linkage [--febrl DIR] [--persons N --dup SHARE] [--runs R]

Times and scores the record linkage of internal/interop/linkage.

With --febrl, runs the one fixed configuration on FEBRL datasets 1, 2, 3 (deduplication) and
4a/4b (linkage), R times each, and prints the median time, the median time to read and parse
the same files (the floor) and their ratio, with precision, recall, F1, pair completeness and
reduction ratio against the truth in rec_id.

With --persons, generates an Azerbaijani registry of N records of which SHARE are second
registrations of a person (spelling, patronymic, -ov/-ova, FİN, date and address variants),
writes it to a temporary CSV, and reports the same figures plus the clerical-review band (the
share of records in a pair whose posterior is between 0.05 and 0.95).

Flags:
`)
		flag.PrintDefaults()
	}
	febrl := flag.String("febrl", "", "directory holding the FEBRL dataset*.csv files")
	persons := flag.Int("persons", 0, "records in a generated registry (0: none)")
	dup := flag.Float64("dup", 0.10, "share of the generated records that are duplicates")
	seed := flag.Uint64("seed", 1, "seed of the generated registry")
	runs := flag.Int("runs", 5, "timed runs per data set; the median is reported")
	flag.Parse()
	if err := run(*febrl, *persons, *dup, *seed, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "linkage:", err)
		os.Exit(1)
	}
}

func run(febrl string, persons int, dup float64, seed uint64, runs int) error {
	if febrl == "" && persons == 0 {
		return errors.New("nothing to do: give --febrl DIR or --persons N (see --help)")
	}
	if runs < 1 || dup < 0 || dup >= 1 {
		return errors.New("--runs must be ≥ 1 and --dup in [0, 1)")
	}
	fmt.Println("| data | records | candidates | pair completeness | reduction ratio | precision | recall | F1 | review band | median time | median CPU time | floor (read + parse) | ratio |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	if febrl != "" {
		for _, set := range []string{"dataset1.csv", "dataset2.csv", "dataset3.csv"} {
			if err := dedupeFile(filepath.Join(febrl, set), "FEBRL "+set, runs); err != nil {
				return err
			}
		}
		if err := linkFEBRL(febrl, runs); err != nil {
			return err
		}
	}
	if persons > 0 {
		return generated(persons, dup, seed, runs)
	}
	return nil
}

// dedupeFile times reading the file (the floor) and deduplicating it, runs times each.
func dedupeFile(path, label string, runs int) error {
	var floor, took, cpu []time.Duration
	var res *linkage.Result
	var recs []linkage.Record
	var ent []string
	for range runs {
		start := time.Now()
		r, e, err := read(path)
		if err != nil {
			return err
		}
		floor = append(floor, time.Since(start))
		recs, ent = r, e
		start, c := time.Now(), cpuTime()
		res = linkage.Dedupe(recs)
		took, cpu = append(took, time.Since(start)), append(cpu, cpuTime()-c)
	}
	report(label, len(recs), false, res, linkage.ScoreDedupe(res, ent), floor, took, cpu)
	return nil
}

func linkFEBRL(dir string, runs int) error {
	var floor, took, cpu []time.Duration
	var res *linkage.Result
	var a, b []linkage.Record
	var ea, eb []string
	var err error
	for range runs {
		start := time.Now()
		if a, ea, err = linkage.ReadFEBRL(filepath.Join(dir, "dataset4a.csv")); err != nil {
			return err
		}
		if b, eb, err = linkage.ReadFEBRL(filepath.Join(dir, "dataset4b.csv")); err != nil {
			return err
		}
		floor = append(floor, time.Since(start))
		start, c := time.Now(), cpuTime()
		res = linkage.Link(a, b)
		took, cpu = append(took, time.Since(start)), append(cpu, cpuTime()-c)
	}
	report("FEBRL dataset4a × dataset4b (linkage)", len(a)+len(b), true, res, linkage.ScoreLink(res, ea, eb), floor, took, cpu)
	return nil
}

// generated writes a generated registry to a temporary FEBRL-shaped CSV and measures it like
// the FEBRL sets, so the floor is the same kind of work.
func generated(n int, dup float64, seed uint64, runs int) error {
	g, err := newGenerator(seed)
	if err != nil {
		return err
	}
	start := time.Now()
	recs, ent := g.registry(n, dup)
	fmt.Fprintf(os.Stderr, "generated %d records in %s\n", len(recs), time.Since(start).Round(time.Millisecond))
	dir, err := os.MkdirTemp("", "linkage")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "registry.csv")
	if err := writeCSV(path, recs, ent); err != nil {
		return err
	}
	return dedupeFile(path, fmt.Sprintf("generated Azerbaijani registry, %.0f%% duplicates, seed %d", dup*100, seed), runs)
}

// header is the generated registry's CSV layout; person is the truth, read only to score.
var header = []string{"person", "fin", "given", "surname", "patronymic", "birth_date", "street_no", "street", "street2", "locality", "postcode", "region"}

// read reads a FEBRL file, or a generated registry (recognised by its header).
func read(path string) ([]linkage.Record, []string, error) {
	if filepath.Base(path) != "registry.csv" {
		return linkage.ReadFEBRL(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	r.FieldsPerRecord = len(header)
	if _, err := r.Read(); err != nil {
		return nil, nil, err
	}
	var recs []linkage.Record
	var ent []string
	for {
		row, err := r.Read()
		if err == io.EOF {
			return recs, ent, nil
		}
		if err != nil {
			return nil, nil, err
		}
		ent = append(ent, row[0])
		recs = append(recs, linkage.Record{ID: row[1], Given: row[2], Surname: row[3], Patronymic: row[4], BirthDate: row[5],
			StreetNo: row[6], Street: row[7], Street2: row[8], Locality: row[9], Postcode: row[10], Region: row[11]})
	}
}

func writeCSV(path string, recs []linkage.Record, ent []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(header)
	for i, r := range recs {
		w.Write([]string{ent[i], r.ID, r.Given, r.Surname, r.Patronymic, r.BirthDate, r.StreetNo, r.Street, r.Street2, r.Locality, r.Postcode, r.Region})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// report prints one row. The review band counts records: in a deduplication A and B index
// one set, in a linkage the first and the second.
func report(label string, n int, link bool, res *linkage.Result, s linkage.Score, floor, took, cpu []time.Duration) {
	inReview := map[[2]int]bool{}
	for _, p := range res.Review {
		if link {
			inReview[[2]int{0, p.A}], inReview[[2]int{1, p.B}] = true, true
		} else {
			inReview[[2]int{0, p.A}], inReview[[2]int{0, p.B}] = true, true
		}
	}
	t, f := median(took), median(floor)
	fmt.Printf("| %s | %d | %d | %.4f | %.6f | %.4f | %.4f | %.4f | %d pairs, %.2f%% of records | %s | %s | %s | %.1f |\n",
		label, n, res.Candidates, s.PairCompleteness, s.ReductionRatio, s.Precision, s.Recall, s.F1,
		len(res.Review), 100*float64(len(inReview))/float64(n), t.Round(time.Millisecond), median(cpu).Round(time.Millisecond),
		f.Round(time.Millisecond), t.Seconds()/f.Seconds())
}

// cpuTime is the process's user + system time: on a shared machine it moves far less with
// the load than the wall clock does.
func cpuTime() time.Duration {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
