"""One key for a phone number: the form every room compares numbers in (conduct, lender tags, recordings,
the borrower's own numbers, the lender profiles' customer-service numbers).

    phone_key(number) -> str       "" when the text has no digit
    is_service_number(number) -> bool

The key of a mainland number is how it is dialled inside China: digits only (full-width digits and
separators folded by NFKC; spaces, dashes, dots and brackets dropped), without the country code written
`+86` or `0086`, and with the trunk `0` before an area code that the international form leaves out
(`+86 10 1234 5678` and `010-1234-5678` are both `01012345678`). A bare `86` (no `+`) is taken for the
country code only before an 11-digit mobile number (`8613800138000`, as some exports write it): in front
of anything shorter it may be the start of a local number. Service numbers (95xxx, 96xxx, 400/800,
106 gateways, 10xxx carriers) have no area code and keep their digits. A number of another country keeps
its country code behind a `+` (`+1 415 …` → `+1415…`), so it never equals a mainland one.
"""

from __future__ import annotations

import re
import unicodedata

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SERVICE = re.compile(r"^(?:95\d{3,6}|96\d{3,6}|106\d{5,17}|400\d{7}|800\d{7}|10\d{3,4})$")
# An area code without its trunk 0 (10 and 2x: two digits; 3xx-9xx: three) followed by a 7- or 8-digit
# local number.
_LANDLINE_NO_TRUNK = re.compile(r"^(?:10|2\d|[3-9]\d\d)\d{7,8}$")


def _digits(text: str) -> str:
    return "".join(ch for ch in text if "0" <= ch <= "9")


def _domestic(rest: str) -> str:
    """The number after the country code, as dialled inside China."""
    if _LANDLINE_NO_TRUNK.match(rest) and not _MOBILE.match(rest) and not _SERVICE.match(rest):
        return "0" + rest
    return rest


def phone_key(number: str) -> str:
    """The key `number` is compared by (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", number).strip()
    digits = _digits(text)
    if not digits:
        return ""
    plus = text.lstrip("( ").startswith("+")
    if digits.startswith("0086"):
        return _domestic(digits[4:])
    if plus and digits.startswith("86"):
        return _domestic(digits[2:])
    if not plus and len(digits) == 13 and _MOBILE.match(digits[2:]) and digits.startswith("86"):
        return digits[2:]
    if plus:
        return "+" + digits
    if digits.startswith("00") and len(digits) > 4:
        return "+" + digits[2:]
    return digits


def is_service_number(number: str) -> bool:
    """A number shared by a company's many lines rather than one person's: 95xxx / 96xxx hotlines,
    400 / 800 numbers, 106 SMS gateways and 10xxx carrier numbers (with or without +86)."""
    return bool(_SERVICE.match(phone_key(number)))
