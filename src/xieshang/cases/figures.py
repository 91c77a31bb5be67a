"""The figures of a stored case, from the engines (never computed here): the pages and the API call these.

    case_evaluation_date(case, on=None) -> date          `on`, else the case's as_of, else today (local)
    case_assessment(case, on=None) -> CaseFigures        assess every debt (schedule, status, flags)
    case_plans(case, on=None) -> CasePlans               negotiation options and the opening ask

A case whose data the engines refuse (e.g. no debt yet, an invalid stored value) gives `ok = False` and a
message in the user's language, never an exception.

Results are cached (Django's cache) under a digest of the case's data, the evaluation day and the version:
any change to the case, its debts, payments or budget is a new key, so a cached figure can never be stale,
and a dashboard of many cases assesses only the ones that changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from xieshang import __version__
from xieshang.cases.casefile_io import case_data_for_case, plain_case_data
from xieshang.cases.models import Case
from xieshang.core.casefile import parse_case_data
from xieshang.core.errors import XieshangError
from xieshang.figures import assess
from xieshang.figures import plan as plan_case
from xieshang.language import current_lang

CACHE_SECONDS = 24 * 3600  # the key changes with the data: the timeout only bounds memory


def case_evaluation_date(case: Case, on: date | None = None) -> date:
    return on or case.as_of or timezone.localdate()


@dataclass(frozen=True)
class CaseFigures:
    as_of: date
    ok: bool
    error: str = ""
    result: Any = None  # the engine's CaseAssessment

    @property
    def overdue_debts(self) -> int:
        if not self.ok:
            return 0
        return sum(1 for d in self.result.debts if d.status.dpd > 0)


@dataclass(frozen=True)
class CasePlans:
    as_of: date
    ok: bool
    error: str = ""
    result: Any = None  # the engine's Plan (xieshang.core.plan.build)
    json: Any = None  # its JSON, as `xieshang plan --json`


def _cached(what: str, case: Case, day: date, compute: Callable[[Any, date], Any]) -> Any:
    """compute(case file, day), cached under a digest of the case data, the day and the version. A case
    file the parser refuses raises XieshangError (never cached)."""
    data = case_data_for_case(case)
    text = json.dumps([what, __version__, day.isoformat(), plain_case_data(data)], sort_keys=True)
    key = f"xieshang:{what}:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute(parse_case_data(data), day)
        cache.set(key, found, CACHE_SECONDS)
    return found


def case_assessment(case: Case, on: date | None = None) -> CaseFigures:
    day = case_evaluation_date(case, on)
    try:
        result = _cached("assessment", case, day, lambda case_file, d: assess(case_file, d))
    except XieshangError as error:
        return CaseFigures(as_of=day, ok=False, error=error.message(current_lang()))
    return CaseFigures(as_of=day, ok=True, result=result)


def case_plans(case: Case, on: date | None = None) -> CasePlans:
    """The plan of `xieshang plan`: assessment → positions → options, allocation, recommendations."""
    from xieshang.core.plan.build import plan_json

    def compute(case_file: Any, day: date) -> tuple[Any, Any]:
        plan = plan_case(case_file, day)
        return plan, plan_json(plan)

    day = case_evaluation_date(case, on)
    try:
        plan, as_json = _cached("plan", case, day, compute)
    except XieshangError as error:
        return CasePlans(as_of=day, ok=False, error=error.message(current_lang()))
    return CasePlans(as_of=day, ok=True, result=plan, json=as_json)


def plan_chart_svg(plan: Any, title: str) -> str:
    """The cumulative-payments chart (SVG text, labels escaped by the engine) in the user's language."""
    from xieshang.core.plan.chart import render_svg, strategies

    if not plan.debts:
        return ""
    return render_svg(strategies(plan), title, lang=current_lang())
