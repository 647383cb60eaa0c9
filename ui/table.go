package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/analysis"
	"github.com/tlsrpt-analyzer/tlsrpt-analyzer/internal/textfmt"
)

// column describes one column of a dataTable over rows of type T.
type column[T any] struct {
	title   string
	width   float32 // preferred width; the table scrolls when they do not fit
	numeric bool    // aligned right so digits line up
	grow    bool    // takes a share of the spare width of a wide window, and gives way (to half) in a narrow one
	middle  bool    // cut in the middle, not at the end: an address or a host is told apart by its end
	text    func(*T) string
	// order, in a table sorted by its headers (sortable), compares two
	// rows by this column; newest puts the largest first when the column
	// is first chosen, as numbers are.
	order  func(a, b *T) int
	newest bool
}

// dataTable is the one table of the window: a header row, cells that are
// truncated rather than overlapping, and columns that fill a wide window.
// Rows are replaced wholesale; cells are only formatted when visible.
type dataTable[T any] struct {
	widget.Table

	cols []column[T]
	rows []T

	// onSort, when set, makes headers tappable; sortCol and desc put the
	// arrow on the header of the column the rows are sorted by.
	onSort  func(col int)
	sortCol int
	desc    bool

	onSelect func(*T)
	// onUnselect, when set, follows the selection going away: a detail
	// line must not keep naming a row the table no longer marks.
	onUnselect func()
	// key, when set, tells a row apart from the others, so that the
	// selected row stays selected, and in view, in a new set of rows.
	key func(*T) string
	// onActivate, when set, follows a row double-clicked or chosen with
	// Enter: a drill down.
	onActivate func(*T)
	selected   int     // the selected row; -1 for none
	selCol     int     // the column of the selected cell
	fitted     float32 // the width the columns were last fitted to

	widths  []float32 // each column's width as last set
	clicked bool      // the selection was last set by the pointer, not the keys
}

func newDataTable[T any](cols []column[T], onSort func(col int)) *dataTable[T] {
	t := &dataTable[T]{cols: cols, onSort: onSort, sortCol: -1, selected: -1}
	t.ShowHeaderRow = true
	t.Length = func() (int, int) { return len(t.rows), len(t.cols) }
	t.CreateCell = func() fyne.CanvasObject {
		l := newCutLabel()
		l.under = t
		return compact(l)
	}
	t.UpdateCell = func(id widget.TableCellID, o fyne.CanvasObject) {
		whole := t.cellText(id.Row, id.Col)
		o.(*container.ThemeOverride).Content.(*cutLabel).set(t.fit(id.Col, whole), whole, alignFor(t.cols[id.Col].numeric))
	}
	t.CreateHeader = func() fyne.CanvasObject { return newHeaderCell() }
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		h := o.(*headerCell)
		if id.Col < 0 {
			return
		}
		c := t.cols[id.Col]
		h.set(c.title, c.numeric, t.sortIcon(id.Col))
		h.onTapped = nil
		if t.onSort != nil {
			col := id.Col
			h.onTapped = func() { t.onSort(col) }
		}
	}
	t.OnSelected = func(id widget.TableCellID) {
		t.selected, t.selCol = id.Row, id.Col
		if t.onSelect != nil && id.Row >= 0 && id.Row < len(t.rows) {
			t.onSelect(&t.rows[id.Row])
		}
	}
	t.OnUnselected = func(widget.TableCellID) {
		t.selected = -1
		if t.onUnselect != nil {
			t.onUnselect()
		}
	}
	t.ExtendBaseWidget(t)
	t.widths = make([]float32, len(cols))
	for i, c := range cols {
		t.setWidth(i, c.width)
	}
	return t
}

func (t *dataTable[T]) setWidth(col int, w float32) {
	t.widths[col] = w
	t.SetColumnWidth(col, w)
}

// setRows shows rows from the first, or from the selected one if it is
// among them; the caller must not change the slice afterwards. Fyne keeps
// a table's scroll offset when its rows change, so a table scrolled down
// and then given one row would draw none. ScrollToTop is not enough: it
// sets the offset but leaves the cells where the old one put them until
// the rows' height changes, so 300 domains filtered while scrolled were
// drawn above the view; ScrollToOffset moves them.
func (t *dataTable[T]) setRows(rows []T) {
	var kept string
	keep := t.key != nil && t.selected >= 0 && t.selected < len(t.rows)
	if keep {
		kept = t.key(&t.rows[t.selected])
	}
	t.rows = t.sorted(rows)
	t.UnselectAll()
	t.selected = -1
	t.ScrollToOffset(fyne.Position{})
	t.Refresh()
	if !keep {
		return
	}
	for i := range t.rows {
		if t.key(&t.rows[i]) == kept {
			t.Select(widget.TableCellID{Row: i, Col: t.selCol}) // scrolls to it
			return
		}
	}
}

// sortable makes the headers sort the rows by their column's order, which
// every column must have; setRows then keeps the rows in that order.
func (t *dataTable[T]) sortable() {
	t.onSort = func(col int) {
		desc := !t.desc
		if col != t.sortCol {
			desc = t.cols[col].numeric || t.cols[col].newest
		}
		t.sortCol, t.desc = col, desc
		t.setRows(t.rows)
	}
}

// sorted is rows in the order the header shows: a sorted copy, as rows are
// shared.
func (t *dataTable[T]) sorted(rows []T) []T {
	if t.onSort == nil || t.sortCol < 0 || t.cols[t.sortCol].order == nil {
		return rows
	}
	out := slices.Clone(rows)
	order := t.cols[t.sortCol].order
	slices.SortStableFunc(out, func(a, b T) int {
		if t.desc {
			return order(&b, &a)
		}
		return order(&a, &b)
	})
	return out
}

// DoubleTapped selects the row under the pointer and activates it.
func (t *dataTable[T]) DoubleTapped(e *fyne.PointEvent) {
	t.Table.Tapped(e)
	t.activate()
}

// Tapped selects the row under the pointer; the keys go on from it.
func (t *dataTable[T]) Tapped(e *fyne.PointEvent) {
	t.Table.Tapped(e)
	t.clicked = true
}

// TypedKey activates the row under the keyboard focus on Enter; the other
// keys move and select as in any table. After a click, Up, Down and Enter
// go on from the row clicked: Fyne's table keeps its keyboard focus where
// it was, so they moved from, and opened, another row.
func (t *dataTable[T]) TypedKey(e *fyne.KeyEvent) {
	if t.clicked && t.selected >= 0 {
		switch e.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			t.activate()
			return
		case fyne.KeyDown, fyne.KeyUp:
			row := t.selected + 1
			if e.Name == fyne.KeyUp {
				row = t.selected - 1
			}
			if row >= 0 && row < len(t.rows) {
				id := widget.TableCellID{Row: row, Col: t.selCol}
				t.Select(id)
				t.ScrollTo(id)
			}
			return
		}
	}
	t.clicked = false
	if e.Name != fyne.KeyReturn && e.Name != fyne.KeyEnter {
		t.Table.TypedKey(e)
		return
	}
	t.Table.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace}) // selects the focused cell
	t.activate()
}

func (t *dataTable[T]) activate() {
	if t.onActivate != nil && t.selected >= 0 && t.selected < len(t.rows) {
		t.onActivate(&t.rows[t.selected])
	}
}

// setSort moves the sort arrow; the caller has sorted the rows.
func (t *dataTable[T]) setSort(col int, desc bool) {
	t.sortCol, t.desc = col, desc
	t.Refresh()
}

// fit is text as column col shows it: cut in its middle where the
// column says so, else whole (Fyne's ellipsis ends it where it is wider).
func (t *dataTable[T]) fit(col int, text string) string {
	if !t.cols[col].middle {
		return text
	}
	return fitMiddle(text, t.widths[col]-2*compactTheme{}.Size(theme.SizeNameInnerPadding), t.Theme().Size(theme.SizeNameText))
}

// cellText is what a cell shows, report text made one safe line; tests
// read the table through it.
func (t *dataTable[T]) cellText(row, col int) string {
	return line(t.cols[col].text(&t.rows[row]))
}

func (t *dataTable[T]) sortIcon(col int) fyne.Resource {
	switch {
	case col != t.sortCol:
		return nil
	case t.desc:
		return theme.MenuDropDownIcon()
	default:
		return theme.MenuDropUpIcon()
	}
}

// Resize shares spare width among the growing columns, but only when the
// width changes, so a column the user dragged wider stays that way.
func (t *dataTable[T]) Resize(size fyne.Size) {
	if size.Width != t.fitted {
		t.fitted = size.Width
		t.fitColumns(size.Width)
	}
	t.Table.Resize(size)
}

func (t *dataTable[T]) fitColumns(width float32) {
	pad := t.Theme().Size(theme.SizeNamePadding)
	spare := width - t.Theme().Size(theme.SizeNameScrollBar)
	var growing float32
	for _, c := range t.cols {
		spare -= c.width + pad
		if c.grow {
			growing += c.width
		}
	}
	for i, c := range t.cols {
		w := c.width
		if c.grow && growing > 0 {
			// Short of room, the growing columns (names, the strip) give
			// way before the table scrolls sideways: at 1000 px the Domains
			// table's last report and strip were off screen.
			w = max(c.width/2, c.width+spare*c.width/growing)
		}
		t.setWidth(i, w)
	}
}

// fitMiddle is text cut in its middle, where it does not fit width at
// size: "2a01:111:f400:7e8b::…:77aa" where an ellipsis at the end left
// "2a01:111:f400:7e8b::…", the same for every host of a network.
func fitMiddle(text string, width, size float32) string {
	fits := func(s string) bool { return fyne.MeasureText(s, size, fyne.TextStyle{}).Width <= width }
	if fits(text) {
		return text
	}
	r := []rune(text)
	cut := func(keep int) string {
		head := (keep + 1) / 2
		return string(r[:head]) + "…" + string(r[len(r)-(keep-head):])
	}
	lo, hi := 0, len(r)-1 // runes kept: lo fits (an ellipsis alone, at worst), hi+1 does not
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(cut(mid)) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return cut(lo)
}

func alignFor(numeric bool) fyne.TextAlign {
	if numeric {
		return fyne.TextAlignTrailing
	}
	return fyne.TextAlignLeading
}

// headerCell is a bold column title that sorts the table when tapped and
// shows an arrow on the sorted column.
type headerCell struct {
	widget.BaseWidget
	label    *cutLabel
	icon     *widget.Icon
	onTapped func()
}

func newHeaderCell() *headerCell {
	h := &headerCell{label: newCutLabel(), icon: widget.NewIcon(nil)}
	h.label.TextStyle.Bold = true
	h.ExtendBaseWidget(h)
	return h
}

func (h *headerCell) set(title string, numeric bool, sort fyne.Resource) {
	h.label.set(title, title, alignFor(numeric))
	h.icon.SetResource(sort)
	if sort == nil {
		h.icon.Hide()
	} else {
		h.icon.Show()
	}
}

func (h *headerCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(compact(container.NewBorder(nil, nil, nil, h.icon, h.label)))
}

func (h *headerCell) Tapped(*fyne.PointEvent) {
	if h.onTapped != nil {
		h.onTapped()
	}
}

func (h *headerCell) Cursor() desktop.Cursor {
	if h.onTapped != nil {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}

// newCountTable lists failed sessions per key: result types, MX hosts, IPs.
// name writes a key as the table shows it.
func newCountTable(keyTitle string, keyWidth float32, name func(string) string) *dataTable[analysis.Count] {
	return newDataTable([]column[analysis.Count]{
		{title: keyTitle, width: keyWidth, grow: true, middle: true, text: func(c *analysis.Count) string { return name(c.Name) }},
		{title: "Failed sessions", width: 130, numeric: true, text: func(c *analysis.Count) string { return textfmt.Count(c.Failed) }},
	}, nil)
}

// setLabel makes l show text aligned so, refreshing it only if that changes
// anything: a label shapes its text anew at every refresh, and a table or
// list sets every visible cell again each time it is refreshed (a third of
// the UI thread's time while filtering, before this).
func setLabel(l *widget.Label, text string, align fyne.TextAlign) {
	text = shown(text, l.Wrapping != fyne.TextWrapOff)
	if l.Text == text && l.Alignment == align {
		return
	}
	l.Alignment = align
	l.SetText(text) // shortened above
}
