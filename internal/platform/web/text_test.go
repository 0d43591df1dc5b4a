package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestFormText(t *testing.T) {
	form := url.Values{"name_az": {"Fond"}, "name_en": {"Fund"}, "name_ru": {""}, "name_de": {"Fonds"}, "name": {"x"}}
	r := httptest.NewRequest("POST", "/", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	got := FormText(r, "name")
	if len(got) != 2 || got["az"] != "Fond" || got["en"] != "Fund" {
		t.Errorf("FormText = %v: want the interface's languages only, an empty one left out", got)
	}
}
