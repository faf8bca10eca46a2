"""What every reader of an uploaded XLSX workbook shares: the errors that mean "this is not a
workbook", and cells and headers as people typed them."""

from __future__ import annotations

import zlib
from xml.etree.ElementTree import ParseError
from zipfile import BadZipFile

from openpyxl.utils.exceptions import InvalidFileException

NOT_A_WORKBOOK = (BadZipFile, InvalidFileException, KeyError, ParseError, ValueError, zlib.error)
"""What openpyxl raises for a file that is not a readable XLSX workbook."""


def cell_text(value: object) -> str:
    """A cell as text; Excel stores every number as a float, so 12.0 reads as "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def is_blank(value: object) -> bool:
    return not cell_text(value)


def value_at(values: tuple[object, ...], index: int) -> object:
    """The cell at `index` of a row, None beyond the row's last cell."""
    return values[index] if index < len(values) else None


def header_key(header: str) -> str:
    """A header as it is matched: spacing and case ignored."""
    return " ".join(header.split()).casefold()
