package ui

import (
	"testing"

	"fyne.io/fyne/v2"
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
	// Open file, Open folder, Export all charts, Close window, Quit.
	if len(withShortcut) != 5 {
		t.Errorf("menu items with a shortcut: %q, want 5", withShortcut)
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
