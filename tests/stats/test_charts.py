"""The dashboard's SVG charts (stats.charts): well-formed for any data (none, one month, long Vietnamese labels),
accessible (role, title, desc), every text escaped, the numbers visible as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from motcua.stats import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)  # raises on markup that is not well-formed XML
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_a_column_chart_of_no_data_at_all_says_so():
    root = parse(
        charts.columns(
            prefix="c", title="Tỷ lệ", desc="Không có", categories=[], series=[], empty_text="Chưa có số liệu"
        )
    )
    assert texts(root) == ["Chưa có số liệu"]
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c-title c-desc"


def test_a_column_chart_of_zeros_draws_no_bar_and_shows_the_zeros():
    root = parse(
        charts.columns(prefix="z", title="t", desc="d", categories=["T1", "T2"], series=[charts.Series("a", [0, 0])])
    )
    assert [r for r in root.iter(f"{SVG}rect") if r.get("x") and float(r.get("height", "0")) > 0] == []
    assert texts(root).count("0") >= 2


def test_one_month_stacked_by_channel_shows_its_total_and_legend():
    root = parse(
        charts.columns(
            prefix="r",
            title="Tiếp nhận",
            desc="d",
            categories=["T9"],
            series=[charts.Series("trực tiếp", [3]), charts.Series("trực tuyến", [2]), charts.Series("bưu chính", [0])],
        )
    )
    shown = texts(root)
    assert "5" in shown and "T9" in shown
    assert {"trực tiếp", "trực tuyến", "bưu chính"} <= set(shown)
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 2  # the empty series draws nothing
    assert {b.get("fill") for b in bars} == {"#0b4a8b", "url(#r-hatch)"}  # told apart without colour


def test_a_rate_with_a_month_without_data_and_a_target_line():
    root = parse(
        charts.columns(
            prefix="o",
            title="t",
            desc="d",
            categories=["T1", "T2"],
            series=[charts.Series("rate", [None, 80.0])],
            totals=["—", "80%"],
            maximum=100,
            tick_text="{}%",
            target=90,
            target_text="chỉ tiêu ≥ 90%",
        )
    )
    assert {"—", "80%", "100%", "chỉ tiêu ≥ 90%"} <= set(texts(root))
    target = [line for line in root.iter(f"{SVG}line") if line.get("class") == "chart-target"]
    assert len(target) == 1 and target[0].get("stroke-dasharray")


def test_every_text_is_escaped():
    evil = '<script>alert("x")</script> & "Sở"'
    markup = charts.bars(
        prefix="e",
        title=evil,
        desc=evil,
        rows=[charts.Bar(label=evil, value=1, maximum=2, text=evil, target=1, target_text=evil)],
    )
    assert "<script>" not in markup
    root = parse(markup)
    assert root.find(f"{SVG}title").text == evil


def test_a_long_vietnamese_label_is_cut_on_screen_and_whole_in_its_title():
    label = "Tỷ lệ hồ sơ thủ tục hành chính được số hóa có kết nối, chia sẻ dữ liệu phục vụ tái sử dụng trên Cổng"
    root = parse(charts.bars(prefix="l", title="t", desc="d", rows=[charts.Bar(label, 3, 5, "3 / 5")]))
    shown = texts(root)
    assert any(t.endswith("…") and len(t) <= charts.LABEL_CHARS for t in shown)
    assert any(label in (g.findtext(f"{SVG}title") or "") for g in root.iter(f"{SVG}g"))


def test_an_unmeasured_bar_is_an_outline_only():
    root = parse(
        charts.bars(prefix="u", title="t", desc="d", rows=[charts.Bar("x", 5, 10, "chưa đo được", muted=True)])
    )
    assert [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#0b4a8b"] == []


def test_the_meter_hides_from_assistive_technology():
    root = parse(charts.meter(150, 100))
    assert root.get("aria-hidden") == "true"
    assert max(float(r.get("width")) for r in root.iter(f"{SVG}rect")) == 120


@given(
    values=st.lists(st.one_of(st.none(), st.floats(min_value=0, max_value=1e9)), min_size=1, max_size=36),
    label=st.text(max_size=200),
)
def test_any_data_gives_well_formed_svg(values, label):
    cats = [f"{i % 12 + 1}/{26 + i // 12}" for i in range(len(values))]
    parse(charts.columns(prefix="h", title=label, desc=label, categories=cats, series=[charts.Series(label, values)]))
    rows = [charts.Bar(label, v or 0, 1e9, label, target=v) for v in values]
    parse(charts.bars(prefix="b", title=label, desc=label, rows=rows))
