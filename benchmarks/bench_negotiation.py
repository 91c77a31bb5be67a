"""Negotiation benchmarks: the tone helper is fast enough to run on every keystroke-sized request.

- negotiation.tone_per_draft: `tone_check` over seeded drafts (50–300 characters, a third harsh), µs per
  draft; baseline: a naive keyword scan (`word in text` for every flagged word, no spans, no overlaps) —
  the cheapest check that could be written; the ratio is the price of spans, rules and suggestions.
- negotiation.tone_longest_draft: one draft at the form's limit (5,000 characters); goal: well under
  the 100 ms a page update can take without being noticed.
"""

from __future__ import annotations

import random

from benchmarks.framework import BenchResult, best_of
from xieshang.core.tone import tone_check

CALM = [
    "您好，我因失业暂时无法按时还款，",
    "希望能协商停息分期，每月还 800 元，",
    "相关证明材料可以提供，",
    "请以短信形式书面确认，谢谢。",
    "请问罚息是怎么计算的？",
    "我愿意还款，但目前收入有限。",
    "Hello, I lost my job and ask for a 12-month plan. ",
]
HARSH = [
    "你们就是骗子！！！",
    "再打电话我就曝光你们，",
    "一分钱都不还",
    "垃圾平台",
    "否则后果自负",
    "STOP CALLING ME",
    "我不想活了",
]
WORDS = [
    "骗子",
    "诈骗",
    "曝光",
    "投诉",
    "一分钱都不还",
    "垃圾平台",
    "后果自负",
    "不想活",
    "同归于尽",
    "傻逼",
    "滚开",
    "吸血鬼",
    "高利贷",
    "流氓",
    "土匪",
    "王八蛋",
    "有本事来抓我",
    "随便你们",
    "给我等着",
    "！！",
    "!!",
    "??",
]


def _drafts(n: int, rng: random.Random) -> list[str]:
    out = []
    for i in range(n):
        parts = [rng.choice(CALM) for _ in range(rng.randint(2, 8))]
        if i % 3 == 0:
            parts.insert(rng.randrange(len(parts)), rng.choice(HARSH))
        out.append("".join(parts))
    return out


def _naive(drafts: list[str]) -> int:
    return sum(1 for d in drafts if any(w in d for w in WORDS))


def _full(drafts: list[str]) -> int:
    return sum(1 for d in drafts if not tone_check(d).calm)


def run(quick: bool) -> list[BenchResult]:
    rng = random.Random(6)
    n = 300 if quick else 2000
    repeats = 3 if quick else 5
    drafts = _drafts(n, rng)
    full = best_of(repeats, lambda: _full(drafts)) / n * 1e6
    naive = best_of(repeats, lambda: _naive(drafts)) / n * 1e6
    long_draft = "".join(_drafts(60, rng))[:5000]
    long_ms = best_of(repeats, lambda: tone_check(long_draft)) * 1e3
    long_naive_ms = best_of(repeats, lambda: _naive([long_draft])) * 1e3
    flagged = _full(drafts)
    return [
        BenchResult(
            "negotiation.tone_per_draft",
            full,
            "µs/draft",
            "naive keyword scan",
            naive,
            "ratio <= 100",
            note=f"{n} drafts, {flagged} flagged",
        ),
        BenchResult(
            "negotiation.tone_longest_draft",
            long_ms,
            "ms",
            "naive keyword scan",
            long_naive_ms,
            "value <= 50",
            note=f"{len(long_draft)} characters",
        ),
    ]
