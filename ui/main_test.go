package ui

// Fyne logs "Error parsing user locale C" while its packages initialise
// when LANG is C or C.UTF-8, as on CI machines; the test binary needs the
// same early fix as the program.
import _ "github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/cleanlocale"
