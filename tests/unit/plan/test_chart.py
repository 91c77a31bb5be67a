"""The cumulative-payments chart: lines that reach the right edge, lump sums visible, labels per language."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

from xieshang.core.plan.build import build_plan
from xieshang.core.plan.chart import cumulative, render_svg, strategies
from xieshang.core.plan.options import DebtPosition, core_options
from xieshang.knowledge.rules import load_rules

ON = date(2026, 11, 28)
NS = "{http://www.w3.org/2000/svg}"


def _paths(svg: str) -> list[list[tuple[float, float]]]:
    root = ElementTree.fromstring(svg)
    out = []
    for path in root.iter(f"{NS}path"):
        pts = re.findall(r"[ML]([\d.]+),([\d.]+)", path.attrib["d"])
        out.append([(float(x), float(y)) for x, y in pts])
    return out


def test_lump_sum_rises_on_day_zero(e1_position: DebtPosition) -> None:
    lump = core_options(e1_position, ON)[0]
    assert cumulative(lump) == [(0, Decimal(0)), (0, Decimal("10944.03"))]


def test_every_line_runs_to_the_right_edge_and_the_lump_sum_is_not_flat_on_the_axis(
    e1_position: DebtPosition,
) -> None:
    options = core_options(e1_position, ON)
    lump, twelve = options[0], options[5]  # pay off now; 12 months at 0 %
    svg = render_svg([lump, twelve], "E1")
    ElementTree.fromstring(svg)  # well-formed
    lines = _paths(svg)
    assert len(lines) == 2
    right = max(x for line in lines for x, _ in line)
    assert all(line[-1][0] == right for line in lines)
    bottom = lines[0][0][1]
    assert lines[0][-1][1] < bottom  # the lump sum's level line is above the axis
    # Both end near the same height (10,944.03 vs 10,920.72): within 1 % of the plot.
    assert abs(lines[0][-1][1] - lines[1][-1][1]) < 0.01 * bottom


def test_labels_follow_the_language(e1_position: DebtPosition) -> None:
    plan = build_plan(
        ON,
        [e1_position],
        monthly_income=Decimal("5200"),
        monthly_essential_expenses=Decimal("3600"),
        rules=load_rules(),
    )
    series = strategies(plan)
    assert [s.label_zh for s in series][:3] == ["开价（预算分配）", "现实目标", "现在结清（免罚息）"]
    zh = render_svg(series, "累计还款")
    en = render_svg(series, "Cumulative payments", lang="en")
    assert "累计还款（元）" in zh and "共 10,920.72 元" in zh and "当天一次付清" in zh
    assert "Paid so far (yuan)" in en and "Realistic target: 12,014.55" in en
    assert not re.search(r"[\u4e00-\u9fff]", en)  # no Chinese left in the English chart
    assert render_svg([], "—").startswith("<svg")
