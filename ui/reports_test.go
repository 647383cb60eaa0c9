package ui

import "testing"

func TestDisplaySources(t *testing.T) {
	short := displaySources([]string{"/data/tlsrpt/2024/a.json", "/data/tlsrpt/2024/b.zip:x.json", "/data/tlsrpt/2025/c.eml"})
	if got := short("/data/tlsrpt/2024/b.zip:x.json"); got != "2024/b.zip:x.json" {
		t.Errorf("short = %q", got)
	}
	if got := displaySources([]string{"/one/file.json"})("/one/file.json"); got != "file.json" {
		t.Errorf("a single source shows as %q", got)
	}
}

func TestKeepEnd(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short.json", 48, "short.json"},
		{"/a/b/c/google.com!example.com!1!2!001.json.gz", 20, "…com!1!2!001.json.gz"},
		{"ééééé", 3, "…éé"},
	} {
		if got := keepEnd(tc.in, tc.n); got != tc.want {
			t.Errorf("keepEnd(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}
