"""A dependency-free SVG chart of cumulative payments per option (a step line per option), CJK labels.

Pure: options in, SVG text out. The month axis runs from D (month 0) to the longest plan; every line is
carried flat to the right edge once its plan is paid off (so a lump sum shows as a level line, not a
dot on the axis), and each payment is marked with a dot. The legend sits under the plot, one line per
option, so long Chinese labels are never cut off.

    strategies(plan) -> list[PlanOption]   the whole-case strategies the CLI and the web chart
    render_svg(options, title, lang="zh") -> str
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from xieshang.core.money import ZERO
from xieshang.core.plan.options import Payment, PlanOption

if TYPE_CHECKING:  # pragma: no cover
    from xieshang.core.plan.build import Plan

COLOURS = ("#1b6ca8", "#d1495b", "#2e933c", "#b07d12", "#6a4c93", "#00798c", "#8d6a9f", "#e07a5f")
DASHES = ("", "6 3", "2 3", "8 3 2 3")  # told apart without colour, too
FONT = (
    "'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','PingFang SC','Microsoft YaHei',sans-serif"
)
AXIS_LABELS = {
    "zh": ("月数（从评估日起）", "累计还款（元）"),
    "en": ("Months from the evaluation date", "Paid so far (yuan)"),
}


def cumulative(option: PlanOption) -> list[tuple[int, Decimal]]:
    """(month, paid so far) after each month with a payment, starting at (0, 0) — a payment on D itself
    is a second point at month 0, so the line rises at once."""
    points: list[tuple[int, Decimal]] = [(0, ZERO)]
    paid = ZERO
    for p in sorted(option.payments, key=lambda x: x.month):
        paid += p.amount
        if len(points) > 1 and points[-1][0] == p.month:
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


def _money_label(value: Decimal) -> str:
    return f"{value:,.2f}"


def render_svg(
    options: Sequence[PlanOption], title: str, width: int = 860, height: int = 420, lang: str = "zh"
) -> str:
    """The chart as an SVG document (UTF-8 text); `height` is the plot area's, the legend adds to it."""
    left, right, top, bottom = 80, 24, 48, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    legend_h = 22 * len(options) + 12
    total_h = height + legend_h
    series = [(o, cumulative(o)) for o in options]
    max_month = max([pt[0] for _, pts in series for pt in pts] + [1])
    max_paid = float(max([pt[1] for _, pts in series for pt in pts] + [Decimal(1)]))
    step = _nice_step(max_paid)
    y_top = step * (int(max_paid / step) + 1)

    def x(month: int) -> float:
        return left + plot_w * month / max_month

    def y(amount: float) -> float:
        return top + plot_h * (1 - amount / y_top)

    x_label, y_label = AXIS_LABELS["en" if lang == "en" else "zh"]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total_h}" '
        f'viewBox="0 0 {width} {total_h}" font-family="{FONT}" font-size="13" role="img">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{total_h}" fill="#ffffff"/>',
        f'<text x="{left}" y="28" font-size="16" font-weight="bold">{escape(title)}</text>',
    ]
    value = 0.0
    while value <= y_top + 1e-9:
        yy = y(value)
        out.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{left + plot_w}" y2="{yy:.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end">{value:,.0f}</text>')
        value += step
    month_step = max(1, -(-max_month // 12))
    for m in range(0, max_month + 1, month_step):
        out.append(f'<text x="{x(m):.1f}" y="{top + plot_h + 18}" text-anchor="middle">{m}</text>')
    out.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#333"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>'
        f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h + 38}" text-anchor="middle">{x_label}</text>'
        f'<text x="18" y="{top + plot_h / 2:.1f}" transform="rotate(-90 18 {top + plot_h / 2:.1f})" '
        f'text-anchor="middle">{y_label}</text>'
    )
    for i, (option, pts) in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        dash = DASHES[i % len(DASHES)]
        path = [f"M{x(0):.1f},{y(0):.1f}"]
        previous = 0.0
        dots = []
        for month, paid in pts[1:]:
            path.append(f"L{x(month):.1f},{y(previous):.1f}")  # flat until the payment month
            path.append(f"L{x(month):.1f},{y(float(paid)):.1f}")
            previous = float(paid)
            dots.append(f'<circle cx="{x(month):.1f}" cy="{y(previous):.1f}" r="3" fill="{colour}"/>')
        path.append(f"L{x(max_month):.1f},{y(previous):.1f}")  # paid off: level to the right edge
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}>'
            f"<title>{escape(option.label(lang))}</title></path>"
        )
        out.extend(dots)
        ly = height + 16 + 22 * i
        out.append(
            f'<line x1="{left}" y1="{ly - 4}" x2="{left + 28}" y2="{ly - 4}" stroke="{colour}" '
            f'stroke-width="3"{dash_attr}/>'
        )
        months = max((p.month for p in option.payments), default=0)
        total = _money_label(option.total_payable)
        if lang == "en":
            tail = f"{total}, " + (f"paid off in month {months}" if months else "paid on the day")
        else:
            tail = f"共 {total} 元，" + (f"第 {months} 个月还清" if months else "当天一次付清")
        label = f"{option.label(lang)}{': ' if lang == 'en' else '：'}{tail}"
        out.append(f'<text x="{left + 36}" y="{ly}">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def combine(label_zh: str, label_en: str, options: Sequence[PlanOption]) -> PlanOption:
    """Several debts' options as one strategy: payments added up month by month."""
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


def strategies(plan: Plan) -> list[PlanOption]:
    """Whole-case strategies for the chart: the opening ask, the realistic target, paying off now with
    penalties waived, and doing nothing for 90 days then paying off (when the engine gave that figure)."""
    if not plan.debts:
        return []
    recs = plan.recommendations
    out = [
        combine("开价（预算分配）", "Opening ask (budget allocation)", [r.opening_ask for r in recs]),
        combine("现实目标", "Realistic target", [r.realistic_target for r in recs]),
        combine(
            "现在结清（免罚息）",
            "Pay off now, penalties waived",
            [next(o for o in d.options if o.kind == "settlement_waiving_penalties") for d in plan.debts],
        ),
    ]
    waited = [d.position.payoff_after_90_days for d in plan.debts]
    if all(w is not None for w in waited):
        total = sum((w for w in waited if w is not None), ZERO)
        day = plan.as_of + timedelta(days=90)
        out.append(
            PlanOption(
                "strategy",
                "拖 90 天再结清",
                "Do nothing 90 days, then pay off",
                total,
                (Payment(3, day, total),),
            )
        )
    return out
