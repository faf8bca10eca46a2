"""The server-side charts: well-formed SVG that names itself, bars as long as their values,
and the same numbers in a table under each chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from forms.svg_charts import LABEL_CHARACTERS, Chart, Datum, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def _chart(*data: Datum, title: str = "Zgłoszenia według szkoły") -> Chart:
    return Chart(
        chart_id="by-school",
        title=title,
        description="Liczba zgłoszeń założonych w listopadzie 2026",
        label_heading="Szkoła",
        value_heading="Zgłoszenia",
        data=data,
    )


def _svg(figure: str) -> ET.Element:
    svg = ET.fromstring(figure).find(f"{SVG}svg")
    assert svg is not None
    return svg


def test_a_bar_chart_is_well_formed_xml_named_by_its_title_and_description() -> None:
    figure = ET.fromstring(str(bar_chart(_chart(Datum("SP 1", 3, "3")))))
    svg = figure.find(f"{SVG}svg")

    assert svg is not None
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "by-school-title by-school-desc"
    assert svg.findtext(f"{SVG}title") == "Zgłoszenia według szkoły"
    assert svg.findtext(f"{SVG}desc") == "Liczba zgłoszeń założonych w listopadzie 2026"
    assert figure.findtext("figcaption") == "Zgłoszenia według szkoły"


def test_bars_are_as_long_as_their_values_against_the_largest() -> None:
    svg = _svg(str(bar_chart(_chart(Datum("A", 8, "8"), Datum("B", 2, "2"), Datum("C", 0, "0")))))

    widths = [float(rect.get("width", "")) for rect in svg.iter(f"{SVG}rect")]

    assert widths[0] > 0
    assert widths == [widths[0], widths[0] / 4, 0]


def test_a_chart_of_zeros_draws_empty_bars_rather_than_dividing_by_zero() -> None:
    svg = _svg(str(bar_chart(_chart(Datum("A", 0, "0"), Datum("B", None, "—")))))

    assert [float(rect.get("width", "")) for rect in svg.iter(f"{SVG}rect")] == [0, 0]


def test_the_table_under_a_chart_holds_every_label_and_value() -> None:
    figure = ET.fromstring(str(bar_chart(_chart(Datum("SP 1", 3, "3"), Datum("SP 2", 1, "1")))))
    table = figure.find("table")

    assert table is not None
    assert table.findtext("caption") == "Zgłoszenia według szkoły"
    rows = [(row.findtext("th"), row.findtext("td")) for row in table.iter("tr")][1:]
    assert rows == [("SP 1", "3"), ("SP 2", "1")]


def test_texts_from_users_are_escaped() -> None:
    figure = str(bar_chart(_chart(Datum("<script>x</script> & co", 1, "1"), title="a < b")))

    ET.fromstring(figure)
    assert "<script>" not in figure
    assert "&lt;script&gt;" in figure


def test_a_long_label_is_shortened_in_the_drawing_but_whole_in_the_table() -> None:
    name = "Zespół Szkolno-Przedszkolny im. Jana Pawła II w Lubartowie"
    figure = ET.fromstring(str(bar_chart(_chart(Datum(name, 1, "1")))))

    drawn = [text.text or "" for text in figure.iter(f"{SVG}text")]
    assert drawn[0].endswith("…")
    assert len(drawn[0]) == LABEL_CHARACTERS
    assert figure.findtext("table/tbody/tr/th") == name


def test_a_line_chart_places_higher_values_higher_and_leaves_gaps_for_missing_ones() -> None:
    chart = _chart(
        Datum("2026-08", 50, "50%"),
        Datum("2026-09", 100, "100%"),
        Datum("2026-10", None, "—"),
        Datum("2026-11", 0, "0%"),
    )
    svg = _svg(str(line_chart(chart)))

    heights = [float(point.get("cy", "")) for point in svg.iter(f"{SVG}circle")]
    lines = list(svg.iter(f"{SVG}polyline"))

    assert len(heights) == 3
    assert heights[1] < heights[0] < heights[2]
    assert len(lines) == 1
    assert len(lines[0].get("points", "").split()) == 2


def test_a_long_line_chart_labels_every_few_points_always_the_last() -> None:
    months = [f"2026-{month:02d}" for month in range(1, 13)]
    svg = _svg(str(line_chart(_chart(*(Datum(m, 50, "50%") for m in months)))))

    ticks = [text.text for text in svg.iter(f"{SVG}text") if text.text in months]

    assert ticks == months[1::2]


def test_a_line_chart_states_its_scale() -> None:
    svg = _svg(str(line_chart(_chart(Datum("2026-11", 50, "50%")))))

    assert {"0%", "100%"} <= {text.text for text in svg.iter(f"{SVG}text")}
