"""A dependency-free SVG chart of cumulative payments per option (a step line per option), CJK labels.

Pure: options in, SVG text out. The month axis runs from D (month 0) to the longest plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from xieshang.core.money import ZERO
from xieshang.core.plan.options import PlanOption

COLOURS = ("#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#6a4c93", "#00798c", "#8d6a9f", "#e07a5f")
FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"


def cumulative(option: PlanOption) -> list[tuple[int, Decimal]]:
    """(month, paid so far) after each month with a payment, starting at (0, 0)."""
    points: list[tuple[int, Decimal]] = [(0, ZERO)]
    paid = ZERO
    for p in sorted(option.payments, key=lambda x: x.month):
        paid += p.amount
        if points and points[-1][0] == p.month:
            points[-1] = (p.month, paid)
        else:
            points.append((p.month, paid))
    return points


def _nice_step(top: float) -> float:
    raw = top / 5 if top > 0 else 1.0
    magnitude = float(10 ** len(str(int(raw)))) / 10
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= m * magnitude:
            return float(m * magnitude)
    return float(10 * magnitude)  # pragma: no cover


def render_svg(options: Sequence[PlanOption], title: str, width: int = 860, height: int = 480) -> str:
    """The chart as an SVG document (UTF-8 text)."""
    left, right, top, bottom = 80, 260, 48, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    series = [(o, cumulative(o)) for o in options]
    max_month = max([pt[0] for _, pts in series for pt in pts] + [1])
    max_paid = float(max([pt[1] for _, pts in series for pt in pts] + [Decimal(1)]))
    step = _nice_step(max_paid)
    y_top = step * (int(max_paid / step) + 1)

    def x(month: int) -> float:
        return left + plot_w * month / max_month

    def y(amount: float) -> float:
        return top + plot_h * (1 - amount / y_top)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="28" font-size="16" font-weight="bold">{escape(title)}</text>',
    ]
    tick = step
    value = 0.0
    while value <= y_top + 1e-9:
        yy = y(value)
        out.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{left + plot_w}" y2="{yy:.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end">{value:,.0f}</text>')
        value += tick
    month_step = max(1, max_month // 10)
    for m in range(0, max_month + 1, month_step):
        out.append(f'<text x="{x(m):.1f}" y="{top + plot_h + 18}" text-anchor="middle">{m}</text>')
    out.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#333"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>'
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 10}" text-anchor="middle">月数（从评估日起）</text>'
        f'<text x="18" y="{top + plot_h / 2:.1f}" transform="rotate(-90 18 {top + plot_h / 2:.1f})" '
        f'text-anchor="middle">累计还款（元）</text>'
    )
    for i, (option, pts) in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        path = [f"M{x(0):.1f},{y(0):.1f}"]
        previous = 0.0
        for month, paid in pts[1:]:
            path.append(f"L{x(month):.1f},{y(previous):.1f}")  # flat until the payment month
            path.append(f"L{x(month):.1f},{y(float(paid)):.1f}")
            previous = float(paid)
        out.append(f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2"/>')
        ly = top + 16 + 20 * i
        label = f"{option.label_zh}：{option.total_payable:,.2f}"
        out.append(
            f'<line x1="{width - right + 16}" y1="{ly - 4}" x2="{width - right + 36}" y2="{ly - 4}" stroke="{colour}" stroke-width="3"/>'
        )
        out.append(f'<text x="{width - right + 42}" y="{ly}">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def combine(label_zh: str, label_en: str, options: Sequence[PlanOption]) -> PlanOption:
    """Several debts' options as one strategy: payments added up month by month."""
    from xieshang.core.plan.options import Payment

    by_month: dict[int, Payment] = {}
    for option in options:
        for p in option.payments:
            seen = by_month.get(p.month)
            by_month[p.month] = Payment(p.month, p.due_date, p.amount + (seen.amount if seen else ZERO))
    return PlanOption(
        kind="strategy",
        label_zh=label_zh,
        label_en=label_en,
        base=sum((o.base for o in options), ZERO),
        payments=tuple(by_month[m] for m in sorted(by_month)),
    )
