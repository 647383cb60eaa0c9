package cli

import (
	"bytes"
	"strings"
	"testing"
)

// spaces is standard input that never ends: a writer gone mad.
type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

// import - and summary - read standard input under one report's limit and
// stop there (issue 22 point 6: import - of 1.1 GB took 2.7 GB): an endless
// input ends with the limit's words, not with memory full.
func TestEndlessStandardInputStopsAtTheLimit(t *testing.T) {
	old := stdin
	stdin = spaces{}
	t.Cleanup(func() { stdin = old })
	for name, cmd := range map[string]func([]string, *bytes.Buffer, *bytes.Buffer) int{"import": importCmd, "summary": summary} {
		args := []string{"-"}
		if name == "import" {
			args = []string{"-library", t.TempDir(), "-"}
		}
		code, _, errOut := run(t, cmd, args...)
		if code != ExitInputErrors || !strings.Contains(errOut, "standard input: more than the 64 MiB limit for one report") {
			t.Errorf("%s -: exit %d, %q", name, code, errOut)
		}
	}
}
