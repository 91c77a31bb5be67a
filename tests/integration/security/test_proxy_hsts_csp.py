"""Finding 6: behind a TLS proxy. A trusted proxy's X-Forwarded-Proto makes the request secure (no redirect
loop with SSL redirect on, HSTS sent); its X-Forwarded-For gives the client address, which the login lockout
keys on; an untrusted peer's X-Forwarded-* are ignored. Every page carries a strict Content-Security-Policy
and no template holds an inline script, event handler, inline style or `javascript:` link."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.integration.web.test_access import PLACEHOLDER, _fill, case_routes
from xieshang.accounts.models import LoginFailure
from xieshang.cases.models import Case
from xieshang.web.proxy import _networks, client_address

pytestmark = [pytest.mark.django_db]

PROXY = "10.0.0.5"
BEHIND_TLS = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}


def _settings_under(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> dict[str, Any]:
    """What xieshang.web.settings makes of this environment (run afresh, as a server would)."""
    import runpy
    import warnings

    monkeypatch.setenv("XIESHANG_HOME", str(tmp_path / "home"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "found in sys.modules": we want a second run
        return runpy.run_module("xieshang.web.settings")


PRODUCTION_ENV = {"XIESHANG_ENV": "production", "XIESHANG_SECRET_KEY": "k" * 50}


def test_the_settings_trust_a_proxy_only_when_configured(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    plain = _settings_under(monkeypatch, tmp_path, **PRODUCTION_ENV)
    assert "SECURE_PROXY_SSL_HEADER" not in plain and plain["XIESHANG_TRUSTED_PROXIES"] == []
    assert plain["SECURE_HSTS_SECONDS"] >= 31536000 and plain["SECURE_SSL_REDIRECT"] is True
    proxied = _settings_under(monkeypatch, tmp_path, XIESHANG_TRUSTED_PROXIES="10.0.0.0/8", **PRODUCTION_ENV)
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert proxied["MIDDLEWARE"][0] == "xieshang.web.proxy.TrustedProxyMiddleware"


@pytest.fixture
def production(settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """The settings a production server behind a proxy at 10.0.0.0/8 gets (XIESHANG_TRUSTED_PROXIES)."""
    made = _settings_under(monkeypatch, tmp_path, XIESHANG_TRUSTED_PROXIES="10.0.0.0/8", **PRODUCTION_ENV)
    settings.PRODUCTION = True
    for name in (
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "XIESHANG_TRUSTED_PROXIES",
        "SECURE_PROXY_SSL_HEADER",
    ):
        setattr(settings, name, made[name])
    return settings


def test_behind_a_trusted_tls_proxy_there_is_no_redirect_loop_and_hsts_is_sent(production: Any) -> None:
    response = Client().get("/accounts/login/", **BEHIND_TLS)
    assert response.status_code == 200  # not a 301 to https:// again and again
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_an_untrusted_peer_cannot_claim_https(production: Any) -> None:
    response = Client().get("/accounts/login/", **{**BEHIND_TLS, "REMOTE_ADDR": "198.51.100.9"})
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_without_trusted_proxies_the_header_is_not_believed(settings: Any) -> None:
    settings.PRODUCTION = True
    settings.SECURE_SSL_REDIRECT = True
    settings.XIESHANG_TRUSTED_PROXIES = []
    response = Client().get("/accounts/login/", **BEHIND_TLS)
    assert response.status_code == 301


def _fail_login(client: Client, username: str, **meta: str) -> None:
    client.post("/accounts/login/", {"username": username, "password": "wrong-password"}, **meta)


def test_the_login_lockout_keys_on_the_forwarded_client_not_the_proxy(settings: Any, owner: Any) -> None:
    settings.XIESHANG_TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.XIESHANG_LOGIN_MAX_FAILURES = 2
    for _ in range(2):  # an attacker behind the proxy locks out only its own address
        _fail_login(Client(), owner.username, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert set(LoginFailure.objects.values_list("ip", flat=True)) == {"203.0.113.66"}
    client = Client()
    client.post(
        "/accounts/login/",
        {"username": owner.username, "password": "a-long-password-1"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert client.session.get("_auth_user_id") == str(owner.pk)  # the real user from elsewhere gets in


def test_a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(settings: Any, owner: Any) -> None:
    settings.XIESHANG_TRUSTED_PROXIES = ["10.0.0.0/8"]
    _fail_login(Client(), owner.username, REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert set(LoginFailure.objects.values_list("ip", flat=True)) == {"198.51.100.9"}


def test_the_client_is_the_rightmost_hop_nobody_trusted_added() -> None:
    nets = _networks(("10.0.0.0/8", "127.0.0.1"))
    assert client_address("10.0.0.5", "6.6.6.6, 203.0.113.7, 10.0.0.9", nets) == "203.0.113.7"
    assert client_address("10.0.0.5", "", nets) == "10.0.0.5"
    assert client_address("10.0.0.5", "not-an-address", nets) == "10.0.0.5"
    assert client_address("198.51.100.9", "203.0.113.7", nets) == "198.51.100.9"


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def _assert_strict(response: Any, url: str) -> None:
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'", policy
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'", policy
    assert "unsafe" not in policy
    if "html" in response.get("Content-Type", ""):
        html = response.content.decode("utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, STYLE_ATTR):
            assert not pattern.search(html), (url, pattern.pattern, pattern.search(html))
        assert "javascript:" not in html, url


def test_every_page_has_a_strict_csp_and_no_inline_script(
    e1_case: Case, owner_client: Client, tmp_path: Path
) -> None:
    from tests.fixtures.formats import write_sms_backup
    from xieshang.evidence.services import evidence_import

    evidence_import(case=e1_case, paths=[write_sms_backup(tmp_path / "sms-1.xml")], user=e1_case.owner)
    file_id = int(e1_case.evidence_files.filter(parent=None).get().pk)
    checked = 0
    for route in case_routes():
        url = _fill(route, e1_case, file_id)
        if PLACEHOLDER in url or re.search(r"/1/", url) or any(x in url for x in ("/delete/", "/upload/")):
            continue
        response = owner_client.get(url, {"q": "逾期"})
        if response.status_code == 200:
            _assert_strict(response, url)
            checked += 1
    for url in ("/", "/api/docs", "/cases/new/"):
        response = owner_client.get(url)
        assert response.status_code == 200, url
        _assert_strict(response, url)
    for url in ("/accounts/login/", "/accounts/register/"):
        _assert_strict(Client().get(url), url)
    # htmx: the tone helper's fragment, as htmx asks for it
    response = owner_client.post(
        reverse("negotiation:tone", args=[e1_case.name]), {"draft": "你们这是敲诈！"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    _assert_strict(response, "tone (htmx)")
    page = owner_client.get(reverse("negotiation:tone", args=[e1_case.name])).content.decode()
    assert '"includeIndicatorStyles": false' in page and '"allowEval": false' in page  # htmx under the CSP
    assert checked >= 15


def test_no_template_holds_an_inline_script_or_handler() -> None:
    root = Path(__file__).resolve().parents[3] / "src" / "xieshang"
    templates = sorted(root.glob("*/templates/**/*.html"))
    assert len(templates) > 20
    for template in templates:
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, STYLE_ATTR):
            assert not pattern.search(text), (template, pattern.search(text))
        assert "javascript:" not in text, template
