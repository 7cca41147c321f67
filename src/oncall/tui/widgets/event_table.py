"""A table of text rows that draws only the lines in sight (Textual's Line API).

`DataTable` measures and stores every row it is given, on the main thread, and redoes
work over all of them as rows arrive: at tens of thousands of rows the app stalls for
seconds. This table is handed finished rows and their column widths at once (measure
them off the main thread with `measure`), keeps them as they are, and turns into a
line only the rows in sight, each time they are drawn; opening costs the same for a
row or for fifty thousand. It looks like a row-cursor `DataTable`: a bold header that
stays put, one cell of padding each side of a cell, the cursor row highlighted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

Row = tuple[str, ...]

PADDING = 1
"""Blank cells either side of each cell, as in a `DataTable`."""


def _flat(cell: str) -> str:
    """A cell on one line: a typed line break shows as a space."""
    return cell.replace("\n", " ") if "\n" in cell else cell


def measure(rows: Sequence[Row], header: Row) -> tuple[int, ...]:
    """Each column's width in terminal cells (a CJK character takes two): the widest of
    its header and its cells. Pure, so it can run in a worker thread."""
    widths = [cell_len(label) for label in header]
    for row in rows:
        for column, cell in enumerate(row):
            width = cell_len(_flat(cell))
            if width > widths[column]:
                widths[column] = width
    return tuple(widths)


class EventTable(ScrollView, can_focus=True):
    """Rows of text under a fixed header, with a row cursor; virtual: only the rows
    in sight are ever turned into lines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First", show=False),
        Binding("end,ctrl+end", "last", "Last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"event-table--header", "event-table--cursor"}

    # The look of a DataTable (textual/widgets/_data_table.py), row cursor, no zebra.
    DEFAULT_CSS = """
    EventTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .event-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .event-table--header {
                background-tint: $foreground 5%;
            }
        }
        & > .event-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .event-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .event-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)
    """The highlighted row (0 when there are none)."""

    class Highlighted(Message):
        """The cursor is on another row (or the rows were set)."""

        def __init__(self, table: EventTable, row: int) -> None:
            super().__init__()
            self.table = table
            self.row = row

    def __init__(self, header: Row, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.header = header
        self._rows: Sequence[Row] = ()
        self._widths: tuple[int, ...] = measure((), header)
        self._update_virtual_size()

    # --- rows -----------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._rows)

    def row(self, index: int) -> Row:
        return self._rows[index]

    def set_rows(self, rows: Sequence[Row], widths: tuple[int, ...]) -> None:
        """Show `rows` (kept, not copied), with the cursor on the last; `widths` from
        `measure`, so this costs the same for any number of rows."""
        self._rows = rows
        self._widths = widths
        self._update_virtual_size()
        self.cursor_row = max(0, len(rows) - 1)
        # once laid out: a horizontal scrollbar (long rows) takes a line of height
        self.call_after_refresh(self._scroll_to_cursor)

    def on_unmount(self) -> None:
        # let the rows go with the table: Textual may hold the widget a while longer
        # (the finished worker that filled it, a screen's cache of its children)
        self._rows = ()

    def _update_virtual_size(self) -> None:
        width = sum(self._widths) + 2 * PADDING * len(self._widths)
        self.virtual_size = Size(width, len(self._rows) + 1)  # + the header

    # --- the cursor -----------------------------------------------------------------
    @property
    def _page(self) -> int:
        """Rows in sight under the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self._rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        if self._rows:
            self.post_message(self.Highlighted(self, new))

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_y)
        if self.cursor_row < top:
            top = self.cursor_row
        elif self.cursor_row >= top + self._page:
            top = self.cursor_row - self._page + 1
        # forced: before the first layout with these rows the scrollbars are not shown
        # yet, and an unforced scroll would do nothing
        self.scroll_to(y=top, animate=False, immediate=True, force=True)
        if self.show_vertical_scrollbar:
            # a scroll made while the bar was hidden never reached it (ScrollView
            # tells the bar only of changes)
            self.vertical_scrollbar.position = self.scroll_y

    def on_resize(self, _event: events.Resize) -> None:
        self.call_after_refresh(self._scroll_to_cursor)

    def watch_show_horizontal_scrollbar(self, _shown: bool) -> None:
        """A horizontal bar (long rows) takes a line from the rows in sight without a
        resize: the cursor's row is kept in sight all the same (the last row, at the
        timeline's opening, fell just under it on a loaded machine)."""
        self.call_after_refresh(self._scroll_to_cursor)

    def watch_show_vertical_scrollbar(self, _shown: bool) -> None:
        """A vertical bar shown after the scroll is told where it is (its thumb stayed
        at the top while the rows were at the end, depending on timing)."""
        self.call_after_refresh(self._scroll_to_cursor)

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_page_up(self) -> None:
        self.cursor_row -= self._page

    def action_page_down(self) -> None:
        self.cursor_row += self._page

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = len(self._rows) - 1

    def on_click(self, event: events.Click) -> None:
        line = event.y - self.gutter.top
        if line >= 1:  # not the header
            index = round(self.scroll_y) + line - 1
            if index < len(self._rows):
                self.cursor_row = index

    # --- drawing --------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            cells, style = self.header, base + self.get_component_rich_style("event-table--header")
        else:
            index = scroll_y + y - 1
            if index >= len(self._rows):
                return Strip.blank(width, base)
            cells = self._rows[index]
            style = base
            if index == self.cursor_row:
                style = base + self.get_component_rich_style("event-table--cursor")
        pad = " " * PADDING
        text = "".join(
            f"{pad}{set_cell_size(_flat(cell), column)}{pad}"
            for cell, column in zip(cells, self._widths, strict=True)
        )
        strip = Strip([Segment(text, style)], self.virtual_size.width)
        # the header and the cursor row reach the right edge, as in a DataTable
        return strip.crop_extend(scroll_x, scroll_x + width, style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.refresh()
