// Command icongen draws the application icon (assets/icon.png).
//
// The icon is a flat blue shield holding a white envelope, with a green
// padlock badge: "mail delivered over TLS". It uses only the standard library
// and a small scanline rasteriser, so the PNG is byte-for-byte reproducible:
//
//	go run ./internal/tools/icongen -o assets/icon.png
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"sort"
)

// Size is the edge length of the square icon in pixels.
const Size = 512

// subRows is the number of vertical samples per pixel row; horizontal
// coverage is computed exactly.
const subRows = 16

type pt struct{ x, y float64 }

// mask holds per-pixel coverage in [0,1].
type mask []float64

func newMask() mask { return make(mask, Size*Size) }

// fill rasterises closed polygons with the non-zero winding rule, so that
// overlapping pieces of one shape join up and reversed rings cut holes.
func fill(polys ...[]pt) mask {
	m := newMask()
	type cross struct {
		x   float64
		dir int
	}
	var xs []cross
	row := make([]float64, Size)
	for py := 0; py < Size; py++ {
		for i := range row {
			row[i] = 0
		}
		for s := 0; s < subRows; s++ {
			yy := float64(py) + (float64(s)+0.5)/subRows
			xs = xs[:0]
			for _, p := range polys {
				for i := range p {
					a, b := p[i], p[(i+1)%len(p)]
					if (a.y <= yy) == (b.y <= yy) {
						continue
					}
					t := (yy - a.y) / (b.y - a.y)
					d := 1
					if b.y < a.y {
						d = -1
					}
					xs = append(xs, cross{a.x + t*(b.x-a.x), d})
				}
			}
			sort.Slice(xs, func(i, j int) bool { return xs[i].x < xs[j].x })
			wind := 0
			for i := 0; i+1 < len(xs); i++ {
				wind += xs[i].dir
				if wind == 0 {
					continue
				}
				span(row, xs[i].x, xs[i+1].x, 1.0/subRows)
			}
		}
		for x := 0; x < Size; x++ {
			m[py*Size+x] = math.Min(1, row[x])
		}
	}
	return m
}

// span adds weight w times the exact overlap of [xa,xb] with each pixel.
func span(row []float64, xa, xb, w float64) {
	xa = math.Max(0, xa)
	xb = math.Min(Size, xb)
	if xb <= xa {
		return
	}
	for px := int(xa); px < Size && float64(px) < xb; px++ {
		lo := math.Max(xa, float64(px))
		hi := math.Min(xb, float64(px+1))
		if hi > lo {
			row[px] += (hi - lo) * w
		}
	}
}

func (m mask) minus(o mask) mask {
	r := newMask()
	for i := range m {
		r[i] = m[i] * (1 - o[i])
	}
	return r
}

func (m mask) and(o mask) mask {
	r := newMask()
	for i := range m {
		r[i] = m[i] * o[i]
	}
	return r
}

func (m mask) union(o mask) mask {
	r := newMask()
	for i := range m {
		r[i] = math.Max(m[i], o[i])
	}
	return r
}

// Shapes. Every outline is built clockwise on screen (y down); reverse()
// turns one into a hole.

func reverse(p []pt) []pt {
	r := make([]pt, len(p))
	for i := range p {
		r[len(p)-1-i] = p[i]
	}
	return r
}

func arc(cx, cy, r, a0, a1 float64, n int) []pt {
	out := make([]pt, 0, n+1)
	for i := 0; i <= n; i++ {
		a := a0 + (a1-a0)*float64(i)/float64(n)
		out = append(out, pt{cx + r*math.Cos(a), cy + r*math.Sin(a)})
	}
	return out
}

func circle(cx, cy, r float64) []pt {
	p := arc(cx, cy, r, 0, 2*math.Pi, 256)
	return p[:len(p)-1]
}

func roundRect(x0, y0, x1, y1, r float64) []pt {
	var p []pt
	p = append(p, arc(x1-r, y0+r, r, -math.Pi/2, 0, 32)...)
	p = append(p, arc(x1-r, y1-r, r, 0, math.Pi/2, 32)...)
	p = append(p, arc(x0+r, y1-r, r, math.Pi/2, math.Pi, 32)...)
	p = append(p, arc(x0+r, y0+r, r, math.Pi, 1.5*math.Pi, 32)...)
	return p
}

func cubic(p0, p1, p2, p3 pt, n int) []pt {
	out := make([]pt, 0, n)
	for i := 1; i <= n; i++ {
		t := float64(i) / float64(n)
		u := 1 - t
		out = append(out, pt{
			u*u*u*p0.x + 3*u*u*t*p1.x + 3*u*t*t*p2.x + t*t*t*p3.x,
			u*u*u*p0.y + 3*u*u*t*p1.y + 3*u*t*t*p2.y + t*t*t*p3.y,
		})
	}
	return out
}

// shield is a heater shield: flat top with rounded corners, straight sides,
// and two curves meeting in a point at the bottom.
func shield(x0, y0, x1, y1, r, shoulder float64) []pt {
	cx := (x0 + x1) / 2
	var p []pt
	p = append(p, arc(x1-r, y0+r, r, -math.Pi/2, 0, 32)...)
	p = append(p, pt{x1, shoulder})
	p = append(p, cubic(pt{x1, shoulder}, pt{x1, shoulder + (y1-shoulder)*0.55}, pt{cx + (x1-cx)*0.45, y1 - (y1-shoulder)*0.12}, pt{cx, y1}, 96)...)
	p = append(p, cubic(pt{cx, y1}, pt{cx - (cx-x0)*0.45, y1 - (y1-shoulder)*0.12}, pt{x0, shoulder + (y1-shoulder)*0.55}, pt{x0, shoulder}, 96)...)
	p = append(p, arc(x0+r, y0+r, r, math.Pi, 1.5*math.Pi, 32)...)
	return p
}

// stroke turns a polyline into round-capped, round-joined pieces.
func stroke(w float64, line ...pt) [][]pt {
	var out [][]pt
	h := w / 2
	for i := 0; i+1 < len(line); i++ {
		a, b := line[i], line[i+1]
		dx, dy := b.x-a.x, b.y-a.y
		l := math.Hypot(dx, dy)
		nx, ny := -dy/l*h, dx/l*h
		q := []pt{{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}}
		if orient(q) < 0 {
			q = reverse(q)
		}
		out = append(out, q)
	}
	for _, c := range line {
		out = append(out, circle(c.x, c.y, h))
	}
	return out
}

// orient returns twice the signed area (positive = clockwise on screen).
func orient(p []pt) float64 {
	s := 0.0
	for i := range p {
		a, b := p[i], p[(i+1)%len(p)]
		s += a.x*b.y - b.x*a.y
	}
	return s
}

// canvas is premultiplied RGBA in [0,1].
type canvas [][4]float64

func (c canvas) paint(m mask, col color.NRGBA) {
	r, g, b, a := float64(col.R)/255, float64(col.G)/255, float64(col.B)/255, float64(col.A)/255
	for i := range c {
		k := m[i] * a
		if k == 0 {
			continue
		}
		c[i][0] = r*k + c[i][0]*(1-k)
		c[i][1] = g*k + c[i][1]*(1-k)
		c[i][2] = b*k + c[i][2]*(1-k)
		c[i][3] = k + c[i][3]*(1-k)
	}
}

func (c canvas) image() *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, Size, Size))
	q := func(v float64) uint8 { return uint8(math.Round(math.Max(0, math.Min(1, v)) * 255)) }
	for i, px := range c {
		if px[3] == 0 {
			continue
		}
		img.Pix[i*4+0] = q(px[0] / px[3])
		img.Pix[i*4+1] = q(px[1] / px[3])
		img.Pix[i*4+2] = q(px[2] / px[3])
		img.Pix[i*4+3] = q(px[3])
	}
	return img
}

var (
	blue      = color.NRGBA{0x1f, 0x6f, 0xd0, 0xff}
	blueDark  = color.NRGBA{0x17, 0x55, 0xa6, 0xff}
	white     = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	green     = color.NRGBA{0x1e, 0x9e, 0x5a, 0xff}
	shadowCol = color.NRGBA{0x0b, 0x2a, 0x55, 0x40}
)

// Render draws the icon.
func Render() *image.NRGBA {
	c := make(canvas, Size*Size)

	// Shield, with its right half a shade darker for a flat two-tone look.
	sh := fill(shield(62, 26, 450, 488, 56, 268))
	c.paint(sh, blue)
	right := fill([]pt{{256, 0}, {Size, 0}, {Size, Size}, {256, Size}})
	c.paint(sh.and(right), blueDark)

	// Envelope: white body with the flap drawn as a blue V.
	ex0, ey0, ex1, ey1 := 124.0, 118.0, 388.0, 300.0
	env := fill(roundRect(ex0, ey0, ex1, ey1, 22))
	flap := fill(stroke(22, pt{ex0 + 30, ey0 + 26}, pt{256, 222}, pt{ex1 - 30, ey0 + 26})...)
	c.paint(env, white)
	c.paint(env.and(flap), blueDark)

	// Padlock badge: white ring, green disc, bold white padlock.
	bx, by := 354.0, 372.0
	c.paint(fill(circle(bx, by+5, 106)), shadowCol)
	c.paint(fill(circle(bx, by, 106)), white)
	c.paint(fill(circle(bx, by, 88)), green)
	sy := by - 14.0 // centre of the shackle's arc
	shackle := fill(append(arc(bx, sy, 36, math.Pi, 2*math.Pi, 64), reverse(arc(bx, sy, 16, math.Pi, 2*math.Pi, 64))...))
	legs := fill([]pt{{bx - 36, sy - 1}, {bx - 16, sy - 1}, {bx - 16, sy + 20}, {bx - 36, sy + 20}},
		[]pt{{bx + 16, sy - 1}, {bx + 36, sy - 1}, {bx + 36, sy + 20}, {bx + 16, sy + 20}})
	body := fill(roundRect(bx-54, by, bx+54, by+62, 12))
	hole := fill(circle(bx, by+25, 10), []pt{{bx - 5, by + 27}, {bx + 5, by + 27}, {bx + 7, by + 46}, {bx - 7, by + 46}})
	c.paint(shackle.union(legs).union(body).minus(hole), white)

	return c.image()
}

// Encode returns the icon as PNG bytes.
func Encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, Render()); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func main() {
	out := flag.String("o", "assets/icon.png", "output PNG file")
	flag.Parse()
	b, err := Encode()
	if err != nil {
		fmt.Fprintln(os.Stderr, "icongen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "icongen:", err)
		os.Exit(1)
	}
}
