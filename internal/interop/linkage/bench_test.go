package linkage

import "testing"

// The benchmarks time one run of each FEBRL set as the issue counts it: folding, blocking,
// comparing, fitting and classifying. BenchmarkFEBRLRead is the floor: reading and parsing
// the same files.
func BenchmarkFEBRL1(b *testing.B) { benchDedupe(b, "dataset1.csv") }
func BenchmarkFEBRL2(b *testing.B) { benchDedupe(b, "dataset2.csv") }
func BenchmarkFEBRL3(b *testing.B) { benchDedupe(b, "dataset3.csv") }

func BenchmarkFEBRL4(b *testing.B) {
	a, _ := readFEBRL(b, "dataset4a.csv")
	c, _ := readFEBRL(b, "dataset4b.csv")
	for b.Loop() {
		Link(a, c)
	}
}

func benchDedupe(b *testing.B, name string) {
	recs, _ := readFEBRL(b, name)
	for b.Loop() {
		Dedupe(recs)
	}
}

func BenchmarkFEBRLRead(b *testing.B) {
	for b.Loop() {
		readFEBRL(b, "dataset4a.csv")
		readFEBRL(b, "dataset4b.csv")
	}
}
