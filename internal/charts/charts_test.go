package charts

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/report"
)

func TestAPI(t *testing.T) {
	want := []ID{"sessions-per-policy", "failures-by-result-type", "sessions-over-time",
		"failures-by-mx-host", "failures-by-sending-ip", "sessions-by-organization"}
	if got := All(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("All() = %v", got)
	}
	if got := FailuresByResultType.Title(); got != "Failures by result type" {
		t.Errorf("Title = %q", got)
	}
	if got := FailuresByResultType.FileName(".png"); got != "failures-by-result-type.png" {
		t.Errorf("FileName = %q", got)
	}
	for _, id := range All() {
		if id.Title() == string(id) {
			t.Errorf("%s has no title", id)
		}
	}
}

// TestEdgeCasesRender draws every chart for every awkward input, light and
// dark: no panic, no error, and a readable image of the size asked.
func TestEdgeCasesRender(t *testing.T) {
	for name, r := range edgeCases() {
		for _, id := range All() {
			for _, dark := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%s/dark=%v", name, id, dark), func(t *testing.T) {
					t.Parallel()
					d, err := Render(id, r, Options{Width: 640, Height: 360, Dark: dark})
					if err != nil {
						t.Fatal(err)
					}
					assertReadable(t, d.Image, 640, 360)
				})
			}
		}
	}
}

func TestSizes(t *testing.T) {
	r := realistic(20, 60)
	for _, o := range []Options{
		{Width: 1600, Height: 1000, Scale: 2},
		{Width: 320, Height: 200},
		{Width: 200, Height: 900},
		{Width: 1200, Height: 120},
	} {
		for _, id := range All() {
			t.Run(fmt.Sprintf("%dx%d@%v/%s", o.Width, o.Height, o.Scale, id), func(t *testing.T) {
				t.Parallel()
				d, err := Render(id, r, o)
				if err != nil {
					t.Fatal(err)
				}
				assertReadable(t, d.Image, o.Width, o.Height)
			})
		}
	}
}

// TestTinySizes: a split dragged small still gets a chart of the size asked
// for. It cannot be read at 1 pixel, but drawing must not fail: Render
// turns a panic inside go-chart into an error, so an error here is a bug.
func TestTinySizes(t *testing.T) {
	r := realistic(5, 10)
	for _, size := range []image.Point{{1, 1}, {10, 10}, {60, 40}, {100, 1000}} {
		for _, id := range All() {
			d, err := Render(id, r, Options{Width: size.X, Height: size.Y})
			if err != nil {
				t.Errorf("%s at %v: %v", id, size, err)
				continue
			}
			if d.Image.Bounds().Size() != size {
				t.Errorf("%s at %v: image %v", id, size, d.Image.Bounds())
			}
		}
	}
}

func TestBadOptions(t *testing.T) {
	r := realistic(2, 2)
	for _, o := range []Options{{}, {Width: -1, Height: 100}, {Width: 100}, {Width: 100000, Height: 100}} {
		if _, err := Render(SessionsPerPolicy, r, o); err == nil {
			t.Errorf("Render accepted %+v", o)
		}
	}
	var buf bytes.Buffer
	if err := Encode(&buf, SessionsPerPolicy, r, Options{Width: 100, Height: 100}, Format(7)); err == nil || buf.Len() > 0 {
		t.Errorf("unknown format: err %v, %d bytes written", err, buf.Len())
	}
	if err := Encode(&buf, "pie", r, Options{Width: 100, Height: 100}, PNG); err == nil || buf.Len() > 0 {
		t.Errorf("unknown chart: err %v, %d bytes written", err, buf.Len())
	}
}

func TestEncodePNG(t *testing.T) {
	r := realistic(30, 90)
	for _, id := range All() {
		var buf bytes.Buffer
		if err := Encode(&buf, id, r, ExportOptions(1600, 900), PNG); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		assertReadable(t, img, 1600, 900)
	}
}

func TestEncodeSVG(t *testing.T) {
	for name, r := range map[string]*analysis.Result{"realistic": realistic(10, 30), "hostile": edgeCases()["hostile text"]} {
		for _, id := range All() {
			var buf bytes.Buffer
			if err := Encode(&buf, id, r, ExportOptions(1600, 900), SVG); err != nil {
				t.Fatalf("%s %s: %v", name, id, err)
			}
			svg := buf.String()
			if !strings.HasPrefix(svg, "<svg") || !strings.Contains(svg, `viewBox="0 0 1600 900"`) || !strings.Contains(svg, id.Title()) {
				t.Errorf("%s %s: not a 1600x900 SVG of the chart: %.200s", name, id, svg)
			}
			if strings.Contains(svg, "<script") || strings.Contains(svg, "<x>") {
				t.Errorf("%s %s: report text became markup", name, id)
			}
			checkXML(t, buf.Bytes())
		}
	}
}

func checkXML(t *testing.T, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
	}
}

// TestColorMeaning checks that success and failure keep their colors in
// both themes, and that failure charts and "No failures" use no other.
func TestColorMeaning(t *testing.T) {
	r := realistic(10, 20)
	for _, dark := range []bool{false, true} {
		o := Options{Width: 800, Height: 450, Dark: dark}
		img := imageOf(Render(SessionsPerPolicy, r, o))
		if countColor(img, roleColors[success]) == 0 || countColor(img, roleColors[failure]) == 0 {
			t.Errorf("dark=%v: sessions chart lacks a role color", dark)
		}
		img = imageOf(Render(FailuresByResultType, r, o))
		if countColor(img, roleColors[success]) != 0 || countColor(img, roleColors[failure]) == 0 {
			t.Errorf("dark=%v: failure chart colors wrong", dark)
		}
		img = imageOf(Render(FailuresByMXHost, edgeCases()["all success"], o))
		if countColor(img, roleColors[failure]) != 0 {
			t.Errorf("dark=%v: \"No failures\" drawn in the failure color", dark)
		}
		if bg := themeFor(dark).background; countColor(img, bg) < 800*450/2 {
			t.Errorf("dark=%v: background is not the theme's", dark)
		}
	}
}

// TestTinyFailureVisible keeps one failure in a million from vanishing
// into a sub-pixel sliver.
func TestTinyFailureVisible(t *testing.T) {
	r := edgeCases()["millions"]
	for _, id := range []ID{SessionsPerPolicy, SessionsOverTime} {
		img := imageOf(Render(id, r, Options{Width: 800, Height: 450}))
		if n := countColor(img, roleColors[failure]); n < 20 {
			t.Errorf("%s: failures cover %d pixels", id, n)
		}
	}
}

// imageOf is the image of a drawing, or an empty one when it failed.
func imageOf(d *Drawing, err error) *image.RGBA {
	if err != nil {
		return image.NewRGBA(image.Rect(0, 0, 1, 1))
	}
	return d.Image
}

func TestConcurrentRender(t *testing.T) {
	r := realistic(10, 30)
	var wg sync.WaitGroup
	for i, id := range append(All(), All()...) {
		wg.Go(func() {
			if _, err := Render(id, r, Options{Width: 640, Height: 360, Dark: i%2 == 0}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}

func BenchmarkRender(b *testing.B) {
	r := realistic(100, 365)
	for _, id := range All() {
		b.Run(string(id), func(b *testing.B) {
			for b.Loop() {
				if _, err := Render(id, r, Options{Width: 1600, Height: 900}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// bands finds the runs of rows (or columns) of img below the header (the
// top sixth, where the legend's swatches are) that hold pixels of color c:
// where the bars were painted, found independently of the chart's own
// geometry.
func bands(img *image.RGBA, c color.Color, columns bool) []int {
	want := color.RGBAModel.Convert(c).(color.RGBA)
	b := img.Bounds()
	outer, inner := b.Dy(), b.Dx()
	if columns {
		outer, inner = inner, outer
	}
	var centers []int
	start := -1
	for i := 0; i <= outer; i++ {
		hit := false
		for j := 0; i < outer && j < inner && !hit; j++ {
			x, y := j, i
			if columns {
				x, y = i, j
			}
			hit = y > b.Dy()/6 && img.RGBAAt(x, y) == want
		}
		switch {
		case hit && start < 0:
			start = i
		case !hit && start >= 0:
			centers = append(centers, (start+i-1)/2)
			start = -1
		}
	}
	return centers
}

// Each bar's hit area holds the bar painted for it, in the spec's order.
func TestBarGeometry(t *testing.T) {
	r := result(
		reportObj("Google", "1", day0, report.PolicySTS, "a.example", 900, fail("certificate-expired", "", "", 100)),
		reportObj("Google", "2", day0, report.PolicySTS, "b.example", 500),
		reportObj("Google", "3", day0.AddDate(0, 0, 2), report.PolicyTLSA, "c.example", 50),
	)
	d, err := Render(SessionsPerPolicy, r, Options{Width: 800, Height: 450})
	if err != nil {
		t.Fatal(err)
	}
	rows := bands(d.Image, roleColors[success], false)
	if len(rows) != 3 || len(d.Bars) != 3 {
		t.Fatalf("%d painted rows, %d hit areas, want 3", len(rows), len(d.Bars))
	}
	for i, name := range []string{"sts a.example", "sts b.example", "tlsa c.example"} {
		b, ok := d.At(image.Pt(400, rows[i]))
		if !ok || b.Label != name || b.Filter.Domains[0] != name[strings.Index(name, " ")+1:] {
			t.Errorf("row %d at y=%d: %+v, want %s", i, rows[i], b, name)
		}
	}
	if _, ok := d.At(image.Pt(400, 5)); ok {
		t.Error("the title is a bar")
	}

	d, _ = Render(SessionsOverTime, r, Options{Width: 800, Height: 450})
	cols := bands(d.Image, roleColors[success], true)
	if len(cols) != 2 || len(d.Bars) != 2 { // three days, the middle one empty and not a hit area
		t.Fatalf("%d painted columns, %d hit areas", len(cols), len(d.Bars))
	}
	for i, day := range []time.Time{day0, day0.AddDate(0, 0, 2)} {
		b, ok := d.At(image.Pt(cols[i], 440))
		if !ok || !b.Filter.From.Equal(day) || !b.Filter.To.Equal(day) {
			t.Errorf("column %d at x=%d: %+v, want %s", i, cols[i], b, day)
		}
	}
}
