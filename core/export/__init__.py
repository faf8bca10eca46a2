"""Exports for the coordinator: the monthly summary workbook (XLSX).

Every channel calls `write_monthly_workbook`; `default_month` is the month to offer when
none is named, and `Month.parse` reads "YYYY-MM" as people type it.
"""

from core.export.month import Month, MonthFormatError, check_exportable, default_month
from core.export.monthly_figures import MonthlyFigures, compute_monthly_figures
from core.export.monthly_workbook import (
    WORKBOOK_CONTENT_TYPE,
    workbook_filename,
    write_monthly_workbook,
)

__all__ = [
    "WORKBOOK_CONTENT_TYPE",
    "Month",
    "MonthFormatError",
    "MonthlyFigures",
    "check_exportable",
    "compute_monthly_figures",
    "default_month",
    "workbook_filename",
    "write_monthly_workbook",
]
