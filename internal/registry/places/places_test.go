package places

import "testing"

func TestAllIsATree(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int64]Place{}
	counts := map[string]int{}
	for _, p := range all {
		if p.ParentID != 0 {
			parent, ok := seen[p.ParentID]
			if !ok {
				t.Fatalf("%s comes before its parent %d", p.Code, p.ParentID)
			}
			if (p.Kind == District && parent.Kind != Region) || (p.Kind == Settlement && parent.Kind != District) {
				t.Fatalf("%s (%s) under %s (%s)", p.Code, p.Kind, parent.Code, parent.Kind)
			}
		}
		if len(p.Name.Missing()) > 0 {
			t.Fatalf("%s lacks a name", p.Code)
		}
		seen[p.ID] = p
		counts[p.Kind]++
	}
	if counts[Region] != 14 || counts[District] < 80 || counts[Settlement] != counts[District] {
		t.Fatalf("counts = %v", counts)
	}
	if seen[503].Code != "R05-D03" || seen[50301].ParentID != 503 {
		t.Fatalf("ids are not derived from codes: %+v %+v", seen[503], seen[50301])
	}
}
