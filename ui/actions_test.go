package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Each shortcut the menu shows must do, typed anywhere in the window, what
// choosing its menu item does.
func TestMenuShortcutsWorkInTheWindow(t *testing.T) {
	m := newTestWindow(t)
	ran := map[string]int{}
	for _, a := range m.actions.all() {
		a.run = func() { ran[a.label]++ }
	}
	var withShortcut []string
	for _, menu := range m.win.MainMenu().Items {
		for _, item := range menu.Items {
			if item.Shortcut == nil {
				continue
			}
			withShortcut = append(withShortcut, item.Label)
			m.win.Canvas().(fyne.Shortcutable).TypedShortcut(item.Shortcut)
			if ran[item.Label] != 1 {
				t.Errorf("%s: its shortcut ran %v", item.Label, ran)
			}
			clear(ran)
		}
	}
	// Open file, Open folder, Open a path, Export all charts, Close window,
	// Quit, Back and the seven tabs.
	if len(withShortcut) != 14 {
		t.Errorf("menu items with a shortcut: %q, want 14", withShortcut)
	}
}

// The tab bar takes no keyboard focus, so Alt+1 to Alt+7 show the tabs,
// in one order whatever the findings.
func TestAltNumberShowsATab(t *testing.T) {
	m := newTestWindow(t)
	drop(m, sample(t, "parsedmarc_rfc8460.json"))
	for key, want := range map[fyne.KeyName]view{fyne.Key4: failuresView, fyne.Key3: findingsView, fyne.Key7: reportsView, fyne.Key2: overviewView, fyne.Key1: domainsView} {
		act(m, func() {
			m.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierAlt})
		})
		if m.tabs.Selected() != m.items[want] {
			t.Errorf("Alt+%s showed %q, want %q", key, m.tabs.Selected().Text, m.items[want].Text)
		}
	}
	// The Reports tab is brought up to date when shown.
	act(m, func() {
		m.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.Key7, Modifier: fyne.KeyModifierAlt})
	})
	if n := len(m.reports.reports.rows); n != 1 {
		t.Errorf("Reports tab shows %d rows after Alt+7, want 1", n)
	}
}

// The empty state and the toolbar offer the same commands as the menu,
// under the same names.
func TestButtonsAreTheMenuActions(t *testing.T) {
	m := newTestWindow(t)
	inMenu := map[string]bool{}
	for _, menu := range m.win.MainMenu().Items {
		for _, item := range menu.Items {
			inMenu[item.Label] = true
		}
	}
	for _, label := range []string{"Open file…", "Open folder…", "Try a sample report"} {
		if !inMenu[findButton(t, m.empty.content, label).Text] {
			t.Errorf("empty state button %q is not in the menu", label)
		}
	}
	for _, label := range []string{"Open file…", "Open folder…", "Export all charts…", "Export CSV…", "Clear"} {
		if !inMenu[findButton(t, m.toolbar, label).Text] {
			t.Errorf("toolbar button %q is not in the menu", label)
		}
	}
}
