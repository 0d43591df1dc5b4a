package db

import (
	"strconv"
	"strings"
)

// Args collects the arguments of a query whose conditions depend on the request and hands
// out their numbered placeholders, so that the SQL stays visible where it is built.
type Args []any

// Add appends v and returns its placeholder ("$3").
func (a *Args) Add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// In appends every value of vs and returns their placeholders for an IN list ("$3, $4").
func In[T any](a *Args, vs []T) string {
	marks := make([]string, len(vs))
	for i, v := range vs {
		marks[i] = a.Add(v)
	}
	return strings.Join(marks, ", ")
}
