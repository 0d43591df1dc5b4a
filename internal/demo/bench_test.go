package demo_test

import (
	"context"
	"testing"

	"github.com/dost-platform/dost/internal/demo"
	"github.com/dost-platform/dost/internal/platform/clock"
	"github.com/dost-platform/dost/internal/platform/db/dbtest"
)

// BenchmarkGenerate measures demo persons written per second on SQLite.
func BenchmarkGenerate(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d := dbtest.SQLite(b)
		b.StartTimer()
		if _, err := demo.Generate(context.Background(), d, demo.Options{Persons: 40000, Seed: 1, Today: clock.NewDate(2026, 11, 22)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(40000*b.N)/b.Elapsed().Seconds(), "persons/s")
}
