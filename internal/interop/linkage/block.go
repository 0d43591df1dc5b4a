package linkage

import (
	"cmp"
	"slices"
)

// maxBlock is the largest block whose pairs are compared. A key that hundreds of records
// share (a common name in one birth year of a national registry) says almost nothing and costs
// the square of its size; the other keys still bring the true pairs inside it together.
const maxBlock = 32

// blockKeys returns the keys a record is filed under. Two records become a candidate pair when
// they share any key (the union of the blocks), so a true pair is lost only when every key is
// damaged at once. Each key pairs a field that slips often with one that rarely slips together
// with it:
//   - the personal number alone: unique, so it finds pairs whatever else was mistyped; and
//     each half of it with the birth year, for a number mistyped once;
//   - the birth date with the start of the given name, and with the start of the surname:
//     a date is nearly unique among namesakes, and the first two letters survive most typos;
//   - the birth date with the postcode: finds a pair whose names were both damaged;
//   - the surname stem, the given name and the birth year: finds a pair whose number and
//     day of birth were both damaged;
//   - the surname stem, the given name and the father's name: the Azerbaijani full name,
//     which finds a person whose birth date was mistyped and number missing;
//   - the two names and the locality: the same, where the patronymic is not recorded;
//   - the postcode, house number and the initials of both names (in either order): finds the
//     same person at one address when names and date are all damaged. Not the address alone:
//     a household shares it, and a candidate set made mostly of a mother and her children
//     would teach the model that "same household" is what a match looks like.
//
// Keys are hashed to 64 bits; a collision only adds a candidate pair that the model rejects.
func blockKeys(p *prepared, out []uint64) []uint64 {
	out = out[:0]
	if n := len(p.id); n >= 5 {
		out = append(out, hash('i', p.id, "", ""))
		if p.year != "" {
			// A mistyped character leaves one of the two halves whole.
			out = append(out, hash('h', p.id[:(n-1)/2], p.year, ""), hash('t', p.id[(n+1)/2:], p.year, ""))
		}
	}
	if p.date != "" {
		// One tag for both names, so a record whose given name and surname were typed into
		// each other's boxes still meets its twin.
		if p.given != "" {
			out = append(out, hash('d', p.date, prefix(p.given, 2), ""))
		}
		if p.stem != "" {
			out = append(out, hash('d', p.date, prefix(p.stem, 2), ""))
		}
		if p.postcode != "" {
			out = append(out, hash('p', p.date, p.postcode, ""))
		}
	}
	if p.stem != "" && p.given != "" {
		first, second := min(p.stem, p.given), max(p.stem, p.given)
		if p.year != "" {
			out = append(out, hash('n', first, second, p.year))
		}
		if p.father != "" {
			out = append(out, hash('f', first, second, p.father))
		}
		if p.locality != "" {
			out = append(out, hash('l', first, second, p.locality))
		}
	}
	if p.postcode != "" && p.streetNo != "" && p.given != "" && p.stem != "" {
		g, s := prefix(p.given, 1), prefix(p.stem, 1)
		out = append(out, hash('a', p.postcode, p.streetNo, min(g, s)+max(g, s)))
	}
	return out
}

func prefix(s string, n int) string {
	if len(s) < n {
		return s
	}
	return s[:n]
}

// hash is FNV-1a over a tag and up to three parts, with separators so that parts cannot run
// into each other.
func hash(tag byte, a, b, c string) uint64 {
	h := uint64(14695981039346656037)
	add := func(x byte) { h ^= uint64(x); h *= 1099511628211 }
	add(tag)
	for _, s := range [3]string{a, b, c} {
		for i := 0; i < len(s); i++ {
			add(s[i])
		}
		add(0)
	}
	return h
}

// filed is one record filed under one key.
type filed struct {
	key uint64
	rec int32
}

// candidates returns the sorted, distinct candidate pairs (i<<32 | j, i < j) of the records.
// With split > 0 the records before split are one source and the rest the other, and only
// pairs across the two are kept (linkage); with split == 0 every pair is kept (deduplication).
// The blocks are runs of one key in a sorted slice rather than a map: at a million records
// and eight keys each, a flat slice is a third of the memory and sorts faster than a map grows.
func candidates(recs []prepared, split int) []uint64 {
	entries := make([]filed, 0, len(recs)*8)
	var keys []uint64
	for i := range recs {
		keys = blockKeys(&recs[i], keys)
		for _, k := range keys {
			entries = append(entries, filed{k, int32(i)})
		}
	}
	slices.SortFunc(entries, func(a, b filed) int {
		if a.key != b.key {
			return cmp.Compare(a.key, b.key)
		}
		return cmp.Compare(a.rec, b.rec)
	})
	var pairs []uint64
	for lo := 0; lo < len(entries); {
		hi := lo + 1
		for hi < len(entries) && entries[hi].key == entries[lo].key {
			hi++
		}
		if hi-lo <= maxBlock {
			pairs = blockPairs(entries[lo:hi], split, pairs)
		}
		lo = hi
	}
	slices.Sort(pairs)
	return slices.Compact(pairs)
}

// blockPairs appends the pairs of one block (its members ascend).
func blockPairs(block []filed, split int, pairs []uint64) []uint64 {
	for x, a := range block {
		for _, b := range block[x+1:] {
			i, j := a.rec, b.rec
			if i == j || (split > 0 && (int(i) < split) == (int(j) < split)) {
				continue
			}
			pairs = append(pairs, uint64(i)<<32|uint64(j))
		}
	}
	return pairs
}
