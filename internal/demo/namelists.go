package demo

import "slices"

// NameLists are the demo country's name lists, for tools that need Azerbaijani-realistic
// people without a database (the record-linkage benchmark's registry generator).
type NameLists struct {
	Male, Female, Surnames, CommonSurnames, Streets []string
}

// Names returns copies of the lists the demo registry is built from.
func Names() NameLists {
	return NameLists{slices.Clone(maleNames), slices.Clone(femaleNames), slices.Clone(surnames),
		slices.Clone(commonSurnames), slices.Clone(streets)}
}

// Feminine gives the female form of a surname (Məmmədov → Məmmədova), as the demo writes it.
func Feminine(surname string) string { return feminine(surname) }
