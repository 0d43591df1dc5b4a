package payments

import (
	"strconv"
	"strings"
)

// EndToEnd spells a line's key — its cycle, entitlement and kind — as the end-to-end id
// written into bank files and echoed back in statements: D<cycle>E<entitlement>R for a
// regular line, …S for a reissue. The key is what makes a month payable once, so the id the
// banks see is unique by construction and needs no column or index of its own.
func EndToEnd(cycleID, entitlementID int64, kind string) string {
	suffix := "R"
	if kind == "reissue" {
		suffix = "S"
	}
	return "D" + strconv.FormatInt(cycleID, 10) + "E" + strconv.FormatInt(entitlementID, 10) + suffix
}

// ParseEndToEnd reads a line's key back from its end-to-end id; ok is false for an id dost
// did not write.
func ParseEndToEnd(id string) (cycleID, entitlementID int64, kind string, ok bool) {
	if len(id) < 5 || id[0] != 'D' {
		return 0, 0, "", false
	}
	switch id[len(id)-1] {
	case 'R':
		kind = "regular"
	case 'S':
		kind = "reissue"
	default:
		return 0, 0, "", false
	}
	c, e, found := strings.Cut(id[1:len(id)-1], "E")
	cycleID, err1 := strconv.ParseInt(c, 10, 64)
	entitlementID, err2 := strconv.ParseInt(e, 10, 64)
	if !found || err1 != nil || err2 != nil || cycleID <= 0 || entitlementID <= 0 || EndToEnd(cycleID, entitlementID, kind) != id {
		return 0, 0, "", false
	}
	return cycleID, entitlementID, kind, true
}
