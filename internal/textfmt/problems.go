package textfmt

// InputProblems says what went wrong reading a load's inputs: "5 inputs
// could not be read, 1 warning", either part alone, or "" for nothing.
// The status line, the Reports tab and import say it in these words, so
// one load is never "5 problems" in one place and "5 inputs could not be
// read, 1 warning" in another (issue 24).
func InputProblems(errors, warnings int) string {
	s := ""
	if errors > 0 {
		s = Counted(errors, "input", "inputs") + " could not be read"
	}
	if warnings > 0 {
		if s != "" {
			s += ", "
		}
		s += Counted(warnings, "warning", "warnings")
	}
	return s
}
