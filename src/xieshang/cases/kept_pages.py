"""Pages of cases kept for the state of what they show, never invalidated: the dashboard, a case's overview,
a page of its contact log.

Most requests of a counselor organisation's server read pages nobody has changed since they were last shown:
the dashboard, a case's overview. Their HTML (the part below the page's head: no CSRF token, no message, nothing
of the request) is kept under a key made of everything it is computed from:

- each case shown: its id, its revision (`cases.changes`: the number of rows of its data the database's own
  triggers have counted as written; it grows with every write, whoever makes it) and its own row (the case's
  fields, read by the access check anyway);
- the day (figures, due dates and overdue actions move with it), the language, and the user it was shown to.

So a page is rendered again exactly when something it shows may have changed, and a user never gets another
user's HTML. The access check still runs on every request, before the key is made: the key names only cases
this user may see now. Each server process keeps its own (at most MAX_ENTRIES pages); several servers on one
database share no cache and need none, because the revision is the database's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from xieshang.cases.changes import case_revisions
from xieshang.cases.models import Case
from xieshang.lru import Lru

MAX_ENTRIES = 2000

_pages = Lru(MAX_ENTRIES)


def _row(case: Case) -> tuple[Any, ...]:
    return tuple(getattr(case, field.attname) for field in Case._meta.concrete_fields)


def cases_state(cases: Iterable[Case]) -> tuple[tuple[Any, ...], ...]:
    """What the cases' pages are computed from: id, revision and own row of each (one query in all)."""
    cases = list(cases)
    revisions = case_revisions(c.pk for c in cases)
    return tuple((c.pk, revisions[c.pk], _row(c)) for c in cases)


def kept(page: str, user: Any, state: tuple[Any, ...], render: Callable[[], SafeString]) -> SafeString:
    """The page's HTML for this user and state, today, in the current language: kept, or rendered now."""
    key = repr((page, getattr(user, "pk", None), get_language(), timezone.localdate().isoformat(), state))
    return _pages.get_or_render(hashlib.sha256(key.encode()).hexdigest(), render)


CSRF_MARK = "xs-kept-page-csrf-token"  # rendered where a form's CSRF token goes; the request's own put in


def with_csrf(html: SafeString, request: Any) -> SafeString:
    """A kept page's forms given this request's CSRF token (a kept page is rendered with CSRF_MARK)."""
    return mark_safe(html.replace(CSRF_MARK, get_token(request)))  # the token is letters and digits


def clear() -> None:
    _pages.clear()


def kept_count() -> int:
    return len(_pages)
