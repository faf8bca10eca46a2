"""The small statistics a monthly summary reports: shares, medians and percentiles."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Share:
    """`met` out of `total`; `ratio` is None when there is nothing to measure."""

    met: int = 0
    total: int = 0

    @property
    def ratio(self) -> float | None:
        return self.met / self.total if self.total else None

    def __add__(self, other: Share) -> Share:
        return Share(self.met + other.met, self.total + other.total)


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile_90(values: Sequence[float]) -> float | None:
    """The 90th percentile as Excel's PERCENTILE.INC computes it (linear between the two
    nearest ranks); the value itself for a single value; None for none."""
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def mean(total: float, count: int) -> float | None:
    return total / count if count else None
