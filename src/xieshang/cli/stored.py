"""What the commands on stored cases share: the workbench's database made ready, the local user the CLI
acts as, a stored case by name, and the texts of the user's language.

    django_ready()        settings, private folders, migrations (quietly; once per process is enough)
    local_user()          the account `local` (created once, no password: it cannot log in)
    stored_case(name)     the stored case NAME, or NotFoundError (exit 2) naming it
    texts(lang)           t(zh, en) -> the text in the user's language
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xieshang.core.errors import NotFoundError

LOCAL_USER = "local"


def texts(lang: str) -> Callable[[str, str], str]:
    """The chooser of a command's texts: English for `--lang en`, else Chinese."""

    def t(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    return t


def django_ready() -> None:
    from xieshang.web.runtime import prepare_database, setup_django

    setup_django()
    prepare_database()


def local_user() -> Any:
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(username=LOCAL_USER)
    if created:
        user.set_unusable_password()
        user.save()
    return user


def stored_case(name: str) -> Any:
    """The stored case NAME (Django ready first); NotFoundError when there is none."""
    from xieshang.cases.models import Case

    case = Case.objects.filter(name=name).first()
    if case is None:
        raise NotFoundError(f"没有名为 {name!r} 的案件", f"no case named {name!r}", data={"case": name})
    return case
