// Command corpusgen writes a deterministic corpus of realistic TLS-RPT
// (RFC 8460) reports for benchmarks:
//
//	go run ./internal/tools/corpusgen -n 20000 -o DIR [-seed 1] [-plain] [-diverse]
//
// The reports copy the shapes of the real samples in testdata/real: Google,
// Microsoft, Mail.ru and RFC-example style reporters, under the file names
// those reporters use. The same seed gives byte-identical files.
//
// The default corpus is tidy: few sending IPs, policies that never change.
// -diverse gives the shape of a multi-domain operator's year (issue 23): 97
// domains, 4 reporters, tens of thousands of sending IPs, every MX host and
// many receiving IPs failing now and then, policies changing mode and MX list
// over time, so that thousands of findings come out.
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// The number of policy domains the reports are about, tidy and diverse.
const (
	numDomains        = 100
	numDiverseDomains = 97
)

func main() {
	n := flag.Int("n", 20000, "number of reports")
	out := flag.String("o", "", "output directory (required)")
	seed := flag.Uint64("seed", 1, "random seed; the same seed gives byte-identical files")
	plain := flag.Bool("plain", false, "write uncompressed .json files instead of .json.gz")
	diverse := flag.Bool("diverse", false, "many distinct IPs and hosts, changing policies, many findings")
	flag.Parse()
	if *out == "" || *n < 0 || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	t0 := time.Now()
	size, err := generate(*out, *n, *seed, *plain, *diverse)
	if err != nil {
		fmt.Fprintln(os.Stderr, "corpusgen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "corpusgen: %d reports, %.1f MB of JSON, in %s in %v\n",
		*n, float64(size)/1e6, *out, time.Since(t0).Round(time.Millisecond))
}

// slot is one report's identity. Each slot is used at most once, so no two
// reports share (organization, report-id) or a file name.
type slot struct{ rep, dom, day int }

// generate writes n reports into dir and returns the bytes of JSON written
// before compression.
func generate(dir string, n int, seed uint64, plain, diverse bool) (int64, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	// One PCG stream drives everything, in a fixed order: that is what
	// makes the output a function of the seed alone.
	r := rand.New(rand.NewPCG(seed, 0x746c7372707421)) // "tlsrpt!"
	nd := numDomains
	if diverse {
		nd = numDiverseDomains
	}
	g := &gen{r: r, reps: reporters(r), doms: domains(r, nd), diverse: diverse}
	if diverse {
		g.diversify()
	}

	// A year, or longer when a reporter alone could need more slots.
	days := max(365, (n+nd-1)/nd)
	repCum := cumulative(len(g.reps), func(i int) float64 { return float64(g.reps[i].weight) })
	// Busy domains get reports from more reporters on more days.
	domCum := cumulative(nd, func(i int) float64 { return 1 + math.Log10(g.doms[i].volume) })
	used := make(map[slot]bool, n)
	pick := func() slot {
		rep := pickIndex(r, repCum)
		for range 20 {
			s := slot{rep, pickIndex(r, domCum), r.IntN(days)}
			if !used[s] {
				used[s] = true
				return s
			}
		}
		// Crowded: take this reporter's next free slot. There is one, since
		// days*nd >= n.
		for k, start := 0, r.IntN(days*nd); ; k++ {
			j := (start + k) % (days * nd)
			if s := (slot{rep, j % nd, j / nd}); !used[s] {
				used[s] = true
				return s
			}
		}
	}

	// One writer of each kind, reset per file: a gzip.Writer at the default
	// level allocates about 800 KB, too much to make 20,000 times.
	bw := bufio.NewWriterSize(nil, 64<<10)
	zw := gzip.NewWriter(nil)
	var size int64
	for range n {
		s := pick()
		d := g.doms[s.dom]
		if diverse {
			d = g.at(s.dom, s.day)
		}
		name, data := g.report(g.reps[s.rep], d, s.day)
		size += int64(len(data))
		if !plain {
			name += ".gz"
		}
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return size, err
		}
		bw.Reset(f)
		if plain {
			bw.Write(data)
		} else {
			zw.Reset(bw)
			zw.Write(data)
			err = zw.Close()
		}
		if err2 := bw.Flush(); err == nil {
			err = err2
		}
		if err2 := f.Close(); err == nil {
			err = err2
		}
		if err != nil {
			return size, err
		}
	}
	return size, nil
}

// cumulative returns the running sums of weight(0..n-1), for pickIndex.
func cumulative(n int, weight func(int) float64) []float64 {
	c := make([]float64, n)
	sum := 0.0
	for i := range n {
		sum += weight(i)
		c[i] = sum
	}
	return c
}

// pickIndex draws an index with probability proportional to its weight.
func pickIndex(r *rand.Rand, cum []float64) int {
	return sort.SearchFloat64s(cum, r.Float64()*cum[len(cum)-1])
}
