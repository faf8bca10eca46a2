"""The coordinator's dashboard: one month's tickets, response and resolution times, SLA
compliance, satisfaction, overdue obligations and requirement compliance, as numbers and
server-drawn charts, and the monthly workbook to download.

Every figure is read from `core.export.compute_monthly_figures`, the same object the
workbook is written from, so the page and the workbook cannot disagree. The page opens on
the current month so far (the coordinator follows the month as it goes; the workbook of a
closed month is one choice away).
"""

from __future__ import annotations

from io import BytesIO
from typing import Annotated

from babel.numbers import format_decimal, format_percent
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from core import clock
from core.errors import InvalidInput
from core.export import (
    WORKBOOK_CONTENT_TYPE,
    Month,
    MonthlyFigures,
    check_exportable,
    compute_monthly_figures,
    workbook_filename,
    write_monthly_workbook,
)
from core.i18n import mark
from core.inventory.labels import kind_label
from core.models import Role, User
from forms.auth import CsrfProtected, PageError, require_role
from forms.svg_charts import Chart, Datum, bar_chart, line_chart
from forms.templating import render, translated
from forms.visitors import visitor_of

router = APIRouter(dependencies=[CsrfProtected])
Coordinator = Annotated[User, Depends(require_role(Role.COORDINATOR))]

MONTH_PARAMETER = "miesiac"


def _asked_month(request: Request) -> Month:
    """The month `?miesiac=YYYY-MM` names, by default the current one; raises InvalidInput
    for a malformed month or one that has not begun."""
    text = request.query_params.get(MONTH_PARAMETER)
    month = Month.containing(clock.today()) if text is None else Month.parse(text)
    check_exportable(month)
    return month


@router.get("/pulpit", response_class=HTMLResponse)
async def dashboard(request: Request, user: Coordinator) -> Response:
    locale = visitor_of(request).locale
    try:
        month = _asked_month(request)
    except InvalidInput as error:
        return render(
            request,
            "dashboard.html",
            {
                "error": error.translated(locale),
                "month_text": request.query_params.get(MONTH_PARAMETER, ""),
                "latest": str(Month.containing(clock.today())),
            },
            status_code=400,
        )
    figures = await compute_monthly_figures(month)
    return render(
        request,
        "dashboard.html",
        {
            "error": None,
            "month": month,
            "month_text": str(month),
            "month_label": month.label(locale),
            "latest": str(Month.containing(clock.today())),
            "has_activity": figures.has_month_activity,
            "numbers": dashboard_numbers(figures, locale),
            "compliance": requirement_compliance(figures, locale),
            "charts": _charts(request, figures, locale),
            "workbook_url": f"/pulpit/zestawienie.xlsx?{MONTH_PARAMETER}={month}",
        },
    )


@router.get("/pulpit/zestawienie.xlsx")
async def monthly_workbook(request: Request, user: Coordinator) -> Response:
    """The monthly workbook of `?miesiac=` (by default the current month so far)."""
    try:
        month = _asked_month(request)
    except InvalidInput as error:
        raise PageError(
            400, mark("The workbook could not be made"), error.message, **error.params
        ) from None
    target = BytesIO()
    await write_monthly_workbook(month=month, target=target)
    return Response(
        target.getvalue(),
        media_type=WORKBOOK_CONTENT_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{workbook_filename(month)}"'},
    )


def _hours(value: float | None, locale: str) -> str:
    return "—" if value is None else f"{format_decimal(round(value, 1), locale=locale)} h"


def _share(met: int, total: int, locale: str) -> str:
    if not total:
        return "—"
    return f"{format_percent(met / total, locale=locale)} ({met}/{total})"


def dashboard_numbers(figures: MonthlyFigures, locale: str) -> list[tuple[str, str]]:
    """The month's headline figures as (label msgid, value as shown)."""
    total = figures.tickets.total
    rating = (
        "—"
        if total.rating_average is None
        else f"{format_decimal(round(total.rating_average, 2), locale=locale)} / 5"
        f" ({total.rating_count})"
    )
    return [
        (mark("Tickets opened"), str(total.opened)),
        (mark("Tickets resolved"), str(total.resolved)),
        (mark("Open at the end of the month"), str(total.open_at_end)),
        (
            mark("Median first response (business hours)"),
            _hours(total.first_response_median_hours, locale),
        ),
        (
            mark("Median resolution time (business hours)"),
            _hours(total.resolution_median_hours, locale),
        ),
        (
            mark("First responses on time (SLA)"),
            _share(total.first_response_sla.met, total.first_response_sla.total, locale),
        ),
        (
            mark("Resolutions on time (SLA)"),
            _share(total.resolution_sla.met, total.resolution_sla.total, locale),
        ),
        (mark("Satisfaction (average rating)"), rating),
        (
            mark("Obligations overdue at the end of the month"),
            str(figures.obligations.overdue_at_end),
        ),
    ]


def requirement_compliance(figures: MonthlyFigures, locale: str) -> list[tuple[str, str]]:
    """The gmina's computers meeting the requirement profile, per kind assessed."""
    return [
        (kind_label(kind, locale), _share(verdicts.meeting, verdicts.assessed, locale))
        for kind, verdicts in figures.inventory.total.compliance.items()
    ]


def _charts(request: Request, figures: MonthlyFigures, locale: str) -> list[Markup]:
    directory, tickets = figures.directory, figures.tickets
    month_label = figures.month.label(locale)
    by_school = Chart(
        chart_id="chart-schools",
        title=translated(request, "Tickets opened by school"),
        description=translated(
            request, "Tickets opened in {month}, per school.", month=month_label
        ),
        label_heading=translated(request, "School"),
        value_heading=translated(request, "Tickets opened"),
        data=[
            Datum(directory.school_name(school_id), kpis.opened, str(kpis.opened))
            for school_id, kpis in sorted(
                tickets.by_school.items(), key=lambda item: directory.school_name(item[0])
            )
        ],
    )
    by_category = Chart(
        chart_id="chart-categories",
        title=translated(request, "Tickets opened by category"),
        description=translated(
            request, "Tickets opened in {month}, per category.", month=month_label
        ),
        label_heading=translated(request, "Category"),
        value_heading=translated(request, "Tickets opened"),
        data=[
            Datum(category.name, kpis.opened, str(kpis.opened))
            for category in directory.categories.values()
            if (kpis := tickets.by_category.get(category.id)) is not None
        ],
    )
    trend = Chart(
        chart_id="chart-sla",
        title=translated(request, "Resolutions on time, month by month"),
        description=translated(
            request, "Share of resolutions made by their SLA due time in the last twelve months."
        ),
        label_heading=translated(request, "Month"),
        value_heading=translated(request, "Resolutions on time"),
        data=[
            Datum(
                str(point.month),
                None if point.resolution.ratio is None else 100 * point.resolution.ratio,
                _share(point.resolution.met, point.resolution.total, locale),
            )
            for point in figures.sla_trend
        ],
    )
    return [bar_chart(by_school), bar_chart(by_category), line_chart(trend)]
