"""Text from users written into a workbook cell as text, never as anything else.

A spreadsheet treats a cell typed as `=…` as a formula, and Excel re-reads a cell starting
with `+`, `-` or `@` (or a tab or carriage return before one) as a formula as soon as
someone edits it: a ticket titled `=HYPERLINK("http://evil", "Kliknij")` must not become a
link in the coordinator's workbook. openpyxl itself would store `=…` as a formula and
`#N/A` as an error value.

Such text is therefore written as an explicit string cell with Excel's "quote prefix" (the
`'` a person types before text that looks like a formula): the cell shows and holds exactly
the user's text (line ends as line feeds), and stays text when edited. Characters that XML
cannot carry (control characters other than tab, line feed and carriage return) are
replaced, and text longer than a cell can hold is cut, so a user's text never breaks the
file.
"""

from __future__ import annotations

from typing import Final

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")
"""First characters that make a spreadsheet read text as a formula (a line break is one
because a carriage return becomes one: see `cleaned_text`)."""

EXCEL_CELL_TEXT_LIMIT: Final = 32_767
REPLACEMENT_CHARACTER: Final = "\ufffd"
_ERROR_VALUES: Final = frozenset(ERROR_CODES)


def cleaned_text(text: str) -> str:
    """`text` with characters XML cannot hold replaced, line ends made line feeds (a file
    reader turns a bare carriage return into one anyway), cut to what one cell holds."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT_CHARACTER, lines)[:EXCEL_CELL_TEXT_LIMIT]


def needs_text_marking(text: str) -> bool:
    """Whether a spreadsheet would read `text` as a formula or an error value."""
    return text.startswith(FORMULA_TRIGGERS) or text in _ERROR_VALUES


def is_plain_text(text: str) -> bool:
    """Whether `text` goes into a cell as it is: printable, taken as text by a spreadsheet,
    short enough. The common case, decided without a copy."""
    return (
        text.isprintable()
        and not text.startswith(FORMULA_TRIGGERS)
        and text not in _ERROR_VALUES
        and len(text) <= EXCEL_CELL_TEXT_LIMIT
    )


def text_cell(sheet: WriteOnlyWorksheet, text: str) -> Cell | str:
    """What to append to `sheet` for `text`: the cleaned text itself when a spreadsheet
    takes it as text anyway, else a string cell with the quote prefix."""
    if is_plain_text(text):
        return text
    cleaned = cleaned_text(text)
    if not needs_text_marking(cleaned):
        return cleaned
    cell = WriteOnlyCell(sheet)
    cell.value = cleaned
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
