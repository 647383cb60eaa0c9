package analysis

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/testgen"
)

// reportIDs lists the report-ids a result holds, sorted.
func reportIDs(res *Result) []string {
	var ids []string
	for _, r := range res.ReportList {
		ids = append(ids, r.ReportID)
	}
	slices.Sort(ids)
	return ids
}

// TestMaildirLoadsLikeItsEmails: a Maildir reads like a folder of the same
// messages saved as .eml files: every file of cur/ and new/ whatever its
// name, a Maildir++ subfolder too, nothing of tmp/ (not yet delivered) nor
// the server's own files, and ordinary mail is not an error.
func TestMaildirLoadsLikeItsEmails(t *testing.T) {
	reports := []string{"tlsrpt-rs_google1.eml", "tlsrpt-rs_mail.ru.eml", "mox_microsoft.com_test.xmox.nl_microsoft.eml",
		"stalwart-mail-auth_rpt02.eml", "deltachat_google.com_nine.testrun.org_tlsrpt.eml", "tlsrpt-rs_microsoft1.eml"}
	const ordinary = "tlsrpt-rs_not-a-report_cron.eml"
	emls, maildir := t.TempDir(), t.TempDir()
	for _, name := range reports {
		testgen.WriteFile(t, emls, name, testgen.ReadReal(t, name))
	}
	// Where a Maildir delivers them (maildir(5)): unique names, flags
	// after ":2," in cur/, none in new/.
	for i, place := range []string{
		"cur/1733500000.M1P100.mx,S=4000:2,S", "cur/1733500001.M2P100.mx,S=4100:2,RS", "cur/1733500002.M3P100.mx,S=3900:2,",
		"new/1733500003.M4P100.mx,S=4200", "new/1733500004.M5P100.mx,S=4300", ".Archive/cur/1733500005.M6P100.mx,S=3000:2,S",
	} {
		testgen.WriteFile(t, maildir, place, testgen.ReadReal(t, reports[i]))
	}
	testgen.WriteFile(t, maildir, "cur/1733500006.M7P100.mx,S=900:2,S", testgen.ReadReal(t, ordinary))
	testgen.WriteFile(t, maildir, "tmp/1733500007.M8P100.mx", testgen.ReadReal(t, "tlsrpt-rs_google2.eml"))
	testgen.WriteFile(t, maildir, ".Archive/tmp/.keep", nil)
	testgen.WriteFile(t, maildir, ".Archive/new/.keep", nil)
	testgen.WriteFile(t, maildir, ".Archive/maildirfolder", nil)
	testgen.WriteFile(t, maildir, "dovecot-uidlist", []byte("3 V1733499999 N8 G0123456789abcdef\n1 W4000 :1733500000.M1P100.mx\n"))
	testgen.WriteFile(t, maildir, "dovecot.index.log", []byte("\x01\x02\x00\x00binary index"))
	testgen.WriteFile(t, maildir, "subscriptions", []byte("V\t2\n\nArchive\n"))

	want := loadPaths(t, 0, emls)
	if want.Reports != len(reports) || len(want.Errors) != 0 {
		t.Fatalf("the .eml files: %d reports, errors %v; want %d and none", want.Reports, want.Errors, len(reports))
	}
	got := loadPaths(t, 0, maildir)
	if len(got.Errors) != 0 || got.Files != len(reports)+1 {
		t.Errorf("Maildir: %d files read, errors %v; want %d files (tmp/ and the server's files not read) and no error", got.Files, got.Errors, len(reports)+1)
	}
	if !slices.Equal(reportIDs(got), reportIDs(want)) || got.SuccessfulSessions != want.SuccessfulSessions || got.FailedSessions != want.FailedSessions {
		t.Errorf("Maildir reads %v (%d successful, %d failed), its emails %v (%d, %d)",
			reportIDs(got), got.SuccessfulSessions, got.FailedSessions, reportIDs(want), want.SuccessfulSessions, want.FailedSessions)
	}
	for _, r := range got.ReportList {
		if rel, _ := filepath.Rel(maildir, r.Source); strings.HasPrefix(rel, "tmp"+string(filepath.Separator)) {
			t.Errorf("read %s, a message not yet delivered", r.Source)
		}
	}
	// cur/ named by itself is still a Maildir's: its ordinary mail is no error.
	cur := loadPaths(t, 0, filepath.Join(maildir, "cur"))
	if cur.Reports != 3 || len(cur.Errors) != 0 {
		t.Errorf("cur/ alone: %d reports, errors %v; want 3 and none", cur.Reports, cur.Errors)
	}
	// A message named by itself, too.
	one := loadPaths(t, 0, filepath.Join(maildir, "cur/1733500006.M7P100.mx,S=900:2,S"))
	if one.Reports != 0 || len(one.Errors) != 0 {
		t.Errorf("ordinary mail in a Maildir: %d reports, errors %v; want none", one.Reports, one.Errors)
	}
}

// TestThunderbirdMailboxLoads: a mailbox file without an extension, known
// by the .msf index Thunderbird keeps beside it, reads as a mailbox; the
// index is not a report and a file with no index beside it stays unread.
func TestThunderbirdMailboxLoads(t *testing.T) {
	reports := []string{"tlsrpt-rs_google1.eml", "tlsrpt-rs_mail.ru.eml"}
	var mbox strings.Builder
	for _, name := range append(slices.Clone(reports), "tlsrpt-rs_not-a-report_cron.eml") {
		mbox.WriteString(testgen.MboxMessage(string(testgen.ReadReal(t, name))))
	}
	profile := t.TempDir()
	folders := filepath.Join("Mail", "Local Folders")
	testgen.WriteFile(t, profile, filepath.Join(folders, "Inbox"), []byte(mbox.String()))
	testgen.WriteFile(t, profile, filepath.Join(folders, "Inbox.msf"), []byte("// <!-- <mdb:mork:z v=\"1.4\"/> -->\n< <(a=c)> // (f=iso-8859-1)\n"))
	testgen.WriteFile(t, profile, filepath.Join(folders, "Trash"), []byte(mbox.String()))

	emls := t.TempDir()
	for _, name := range reports {
		testgen.WriteFile(t, emls, name, testgen.ReadReal(t, name))
	}
	want := loadPaths(t, 0, emls)
	got := loadPaths(t, 0, profile)
	if got.Files != 1 || got.Reports != len(reports) || len(got.Errors) != 0 {
		t.Errorf("profile: %d files, %d reports, errors %v; want 1 file (Inbox), %d reports, no error", got.Files, got.Reports, got.Errors, len(reports))
	}
	if !slices.Equal(reportIDs(got), reportIDs(want)) {
		t.Errorf("Inbox reads %v, its emails %v", reportIDs(got), reportIDs(want))
	}
}
