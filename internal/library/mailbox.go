package library

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"time"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source/mailbox"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis/source"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// Mailbox is what the library remembers of one IMAP mailbox.
type Mailbox struct {
	URL   mailbox.URL
	State mailbox.State
	// PasswordCommand, CAFile and Auth are how it is logged in to; the
	// secret itself is never kept here.
	PasswordCommand, CAFile, Auth string
	// Checked is when it was last read, Outcome what that found in words
	// (zero and empty before the first read).
	Checked time.Time
	Outcome string
}

// Options are the mailbox options to log in to m with.
func (m Mailbox) Options() mailbox.Options {
	return mailbox.Options{PasswordCommand: m.PasswordCommand, CAFile: m.CAFile, Auth: m.Auth, Limit: source.MaxReportBytes}
}

// MailboxOf returns what the library remembers of u; a mailbox never read
// has a zero State.
func (l *Library) MailboxOf(u mailbox.URL) (Mailbox, error) {
	m := Mailbox{URL: u}
	var checked int64
	err := l.db.QueryRow(`SELECT uidvalidity, last_uid, password_command, ca_file, auth, checked, outcome FROM mailboxes WHERE url = ?`, u.String()).
		Scan(&m.State.UIDValidity, &m.State.LastUID, &m.PasswordCommand, &m.CAFile, &m.Auth, &checked, &m.Outcome)
	if err == sql.ErrNoRows {
		return m, nil
	}
	if err != nil {
		return m, l.damaged(err)
	}
	if checked != 0 {
		m.Checked = time.UnixMilli(checked)
	}
	return m, nil
}

// SetMailboxOutcome records when u was checked and what that found.
func (l *Library) SetMailboxOutcome(u mailbox.URL, checked time.Time, outcome string) error {
	return l.mailboxWrite(`INSERT INTO mailboxes (url, checked, outcome) VALUES (?1, ?2, ?3)
		ON CONFLICT (url) DO UPDATE SET checked = ?2, outcome = ?3`, u.String(), checked.UnixMilli(), outcome)
}

func (l *Library) mailboxWrite(q string, args ...any) error {
	err := l.tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(q, args...)
		return err
	})
	if err != nil {
		return l.damaged(err)
	}
	return nil
}

// ImportMailbox logs in to u and reads it as ReadMailbox does.
func (l *Library) ImportMailbox(ctx context.Context, a *analysis.Analysis, u mailbox.URL, mopt mailbox.Options, opt ImportOptions) (ImportStats, mailbox.Stats, error) {
	s, err := mailbox.Open(ctx, u, mopt)
	if err != nil {
		return ImportStats{}, mailbox.Stats{}, err
	}
	defer s.Close()
	return l.ReadMailbox(ctx, a, s, opt)
}

// ReadMailbox reads the messages of s's mailbox that arrived since the
// last read, adds their reports to a and keeps them as Import keeps files:
// each part is an original named by its RFC 5092 URL. The state moves on
// in the transaction of each batch, with the reports it kept, so a kill
// loses nothing and costs little: the next read starts after the last
// message whose parts a committed batch holds. What holds no report (a
// DMARC report) is dropped as a Maildir's messages drop it.
func (l *Library) ReadMailbox(ctx context.Context, a *analysis.Analysis, s *mailbox.Session, opt ImportOptions) (ImportStats, mailbox.Stats, error) {
	u := s.URL()
	m, err := l.MailboxOf(u)
	if err != nil {
		return ImportStats{}, mailbox.Stats{}, err
	}
	im, err := l.newImport(ctx, a, opt)
	if err != nil {
		return ImportStats{}, mailbox.Stats{}, err
	}
	// Each batch saves how far the mailbox was read with its reports, so
	// that after a kill the next read downloads only what no batch kept.
	through, saved := m.State, m.State
	im.withBatch = func() error {
		if through == saved {
			return nil
		}
		_, err := im.exec(`INSERT INTO mailboxes (url, uidvalidity, last_uid) VALUES (?1, ?2, ?3)
			ON CONFLICT (url) DO UPDATE SET uidvalidity = ?2, last_uid = ?3`, u.String(), through.UIDValidity, through.LastUID)
		if err == nil {
			saved = through
		}
		return err
	}
	done := 0
	next, mstats, readErr := s.Read(m.State, source.MaxReportBytes, func(p mailbox.Part) error {
		through = p.Through
		in, ok := mailboxPart(p)
		if !ok {
			return im.ctx.Err()
		}
		if im.analyse(&in) {
			im.keep(in)
		}
		done++
		if opt.OnProgress != nil {
			opt.OnProgress(source.Progress{Done: done, Found: done, Walking: true})
		}
		if im.err != nil {
			return im.err
		}
		return im.ctx.Err()
	})
	stats, err := im.finish(ctx)
	if err == nil {
		err = readErr
	}
	if err != nil {
		return stats, mstats, err
	}
	outcome := textfmt.Counted(mstats.Messages, "new message", "new messages") + ", " + textfmt.Counted(stats.New, "new report", "new reports")
	err = l.mailboxWrite(`INSERT INTO mailboxes (url, uidvalidity, last_uid, checked, outcome) VALUES (?1, ?2, ?3, ?4, ?5)
		ON CONFLICT (url) DO UPDATE SET uidvalidity = ?2, last_uid = ?3, checked = ?4, outcome = ?5`,
		u.String(), next.UIDValidity, next.LastUID, l.now().UnixMilli(), outcome)
	return stats, mstats, err
}

// mailboxPart decodes one part Session.Read handed over, by the folder
// walk's rule for mail (Decoded.DropOrdinaryMail); ok is false for a part
// left with nothing.
func mailboxPart(p mailbox.Part) (in input, ok bool) {
	in = input{path: p.Name, err: p.Err}
	if p.Err == nil {
		in.data, in.sum, in.dec = p.Data, sha256.Sum256(p.Data), source.DecodeBytes(p.Name, p.Data)
		if !in.dec.DropOrdinaryMail() {
			return in, false
		}
	}
	return in, true
}

// ReadMailboxInto adds every report of mailbox u to a, as the library
// would keep them, without a library: for summary and export of a URL.
func ReadMailboxInto(ctx context.Context, a *analysis.Analysis, u mailbox.URL, opt mailbox.Options) (mailbox.Stats, error) {
	_, stats, err := mailbox.Fetch(ctx, u, opt, mailbox.State{}, func(p mailbox.Part) error {
		if in, ok := mailboxPart(p); ok {
			addInput(a, &in)
		}
		return ctx.Err()
	})
	return stats, err
}

// MailboxPoll is how often a watched mailbox is read when the server does
// not offer IDLE, and the longest an IDLE waits before reading anyway.
const MailboxPoll = 5 * time.Minute
