"""The borrower's own contact identifiers (`Case.own_contacts`): phone numbers, e-mail addresses, QQ numbers,
WeChat ids. They tell the importers which side of a conversation is the borrower (`SourceContext.owner_ids`)
and the conduct check which numbers of a group message are the borrower's own.

Stored normalised, one string each:
- phone: digits only, mainland prefix dropped (`+86 138 0013 8000` → `13800138000`, `010-6512 3456` →
  `01065123456`); a foreign number keeps its `+` (`+44 20 7946 0958` → `+442079460958`);
- e-mail: lower-case (`Li.Ming@Example.COM` → `li.ming@example.com`);
- QQ: `qq:` + digits (typed as `QQ 12345678`, `qq:12345678`, `QQ：12345678`);
- WeChat: `wechat:` + id, lower-case (typed as `微信 li_ming88`, `wechat:li_ming88`, or a bare `wxid_…`).

Personal data: never logged, never written to the case file (its keys are fixed by the spec).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from xieshang.core.phone import phone_key

MAX_ENTRIES = 20
_SPLIT = re.compile(r"[\n\r,，;；、]+")
_PREFIX = re.compile(r"^(qq|wechat|weixin|wx|微信)(?:\s*[:：]\s*|\s+|(?=\d)|(?<=信))", re.IGNORECASE)
_PHONE_CHARS = re.compile(r"^\+?[\d\s\-()（）.]+$")
_QQ = re.compile(r"^[1-9]\d{4,11}$")
_WECHAT = re.compile(r"^[a-z][a-z0-9_-]{5,39}$")  # 微信号: 6–20 characters; wxids are longer
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0[1-9]\d{8,10}$")  # area code + local number


def _shown(entry: str) -> str:
    return entry if len(entry) <= 40 else entry[:39] + "…"


def _phone(entry: str) -> str:
    digits = phone_key(entry)
    if digits.startswith("+"):  # another country's number
        if 7 <= len(digits) - 1 <= 15:
            return digits
        raise ValidationError(
            _("“%(entry)s” is not a phone number: too few or too many digits."),
            params={"entry": _shown(entry)},
        )
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return digits
    raise ValidationError(
        _(
            "“%(entry)s” is not a mobile number (11 digits starting with 1) or a landline with its area code. "
            "A QQ number is written QQ 12345678."
        ),
        params={"entry": _shown(entry)},
    )


def normalise_contact(entry: str) -> str:
    """One identifier as stored; ValidationError (naming the entry) for anything that is none of the four."""
    text = entry.strip()
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError as exc:
            raise ValidationError(
                _("“%(entry)s” is not a valid e-mail address."), params={"entry": _shown(text)}
            ) from exc
        return text.lower()
    prefix = _PREFIX.match(text)
    if prefix is not None:
        kind = prefix.group(1).lower()
        value = text[prefix.end() :].strip()
        if kind == "qq":
            if _QQ.match(value):
                return f"qq:{value}"
            raise ValidationError(
                _("“%(entry)s” is not a QQ number (5 to 12 digits, not starting with 0)."),
                params={"entry": _shown(text)},
            )
        if _WECHAT.match(value.lower()):
            return f"wechat:{value.lower()}"
        raise ValidationError(
            _("“%(entry)s” is not a WeChat id (6 to 40 letters, digits, _ or -, starting with a letter)."),
            params={"entry": _shown(text)},
        )
    if text.lower().startswith("wxid_") and _WECHAT.match(text.lower()):
        return f"wechat:{text.lower()}"
    if _PHONE_CHARS.match(text) and re.search(r"\d", text):
        return _phone(text)
    raise ValidationError(
        _(
            "“%(entry)s” is not a phone number, an e-mail address, a QQ number (write QQ 12345678) "
            "or a WeChat id (write WeChat your-id)."
        ),
        params={"entry": _shown(text)},
    )


def parse_own_contacts(text: str) -> list[str]:
    """The identifiers in TEXT (one per line, or separated by commas), normalised, without repeats.

    Raises one ValidationError listing every entry that is not an identifier."""
    values: list[str] = []
    errors: list[ValidationError] = []
    for part in _SPLIT.split(text or ""):
        if not part.strip():
            continue
        try:
            value = normalise_contact(part)
        except ValidationError as error:
            errors.append(error)
            continue
        if value not in values:
            values.append(value)
    if errors:
        raise ValidationError(errors)
    if len(values) > MAX_ENTRIES:
        raise ValidationError(_("At most %(n)s numbers and addresses, please."), params={"n": MAX_ENTRIES})
    return values


def contacts_text(values: Iterable[str]) -> str:
    """Stored identifiers as the edit form shows them (one per line; parses back to the same list)."""
    return "\n".join(str(v) for v in values)


def owner_ids(values: Iterable[str]) -> frozenset[str]:
    """The identifiers as the importers compare them (`SourceContext.owner_ids`): without the kind prefix.
    A mainland mobile number is given with and without +86 (exports write either)."""
    ids: set[str] = set()
    for value in values:
        bare = str(value).split(":", 1)[1] if str(value).startswith(("qq:", "wechat:")) else str(value)
        ids.add(bare)
        if _MOBILE.match(bare):
            ids.add("+86" + bare)
    return frozenset(ids)


def phone_numbers(values: Iterable[str]) -> tuple[str, ...]:
    """The phone numbers among the stored identifiers (the conduct check's borrower numbers)."""
    return tuple(str(v) for v in values if re.fullmatch(r"\+?\d+", str(v)))
