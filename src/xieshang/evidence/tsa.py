"""RFC 3161 anchoring of the ledger head with `rfc3161-client` (request, response check, verification).

The timestamped message is the head hash as ASCII hex; the request carries its SHA-256 and a nonce. The
response (.tsr) is kept in an `Anchor` row and the anchoring itself becomes a ledger entry. With a trust
root configured (XIESHANG_TSA_CA_FILE, PEM) the signature and chain are verified, now and by `verify`.
"""

from __future__ import annotations

import base64
import hashlib
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography import x509
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    TimeStampResponse,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from xieshang.core.errors import InputError, IntegrityError
from xieshang.evidence.ledger import ledger_append, ledger_head
from xieshang.evidence.models import Anchor, LedgerEntry

Post = Callable[[str, bytes], bytes]
TIMEOUT_SECONDS = 30


def http_post(url: str, body: bytes) -> bytes:
    """POST a timestamp query (the only network access of the vault; to the TSA the user configured)."""
    if not url.startswith(("http://", "https://")):
        raise InputError("时间戳服务地址必须是 http(s) 地址。", "The TSA address must be an http(s) URL.")
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/timestamp-query"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        data: bytes = response.read(1024 * 1024)
        return data


def trust_roots(ca_file: str | None = None) -> tuple[list[x509.Certificate], list[x509.Certificate]]:
    """(roots, intermediates) from the configured PEM file; ([], []) when none is configured."""
    path = ca_file if ca_file is not None else settings.XIESHANG_TSA_CA_FILE
    if not path:
        return [], []
    certs = x509.load_pem_x509_certificates(Path(path).read_bytes())
    roots = [c for c in certs if c.subject == c.issuer]
    return roots, [c for c in certs if c.subject != c.issuer]


def _message(head_hash: str) -> bytes:
    return head_hash.encode("ascii")


def response_problem(
    response: TimeStampResponse, head_hash: str, *, nonce: int | None = None, ca_file: str | None = None
) -> str:
    """'' if the response is a granted timestamp over this head hash (and verifies, with a root), else why."""
    if PKIStatus(response.status) not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        return f"the timestamp authority refused (status {response.status})"
    imprint = response.tst_info.message_imprint.message
    if imprint != hashlib.sha256(_message(head_hash)).digest():
        return "the timestamp is not over this ledger head"
    if nonce is not None and response.tst_info.nonce != nonce:
        return "the timestamp answers another request (nonce differs)"
    roots, intermediates = trust_roots(ca_file)
    if roots:
        builder = VerifierBuilder()
        for root in roots:
            builder = builder.add_root_certificate(root)
        for cert in intermediates:
            builder = builder.add_intermediate_certificate(cert)
        try:
            builder.build().verify_message(response, _message(head_hash))
        except (VerificationError, ValueError) as exc:
            return f"the timestamp signature does not verify: {exc}"
    return ""


def anchor_problem(anchor: Anchor) -> str:
    if anchor.head_hash != anchor.entry.hash:
        return "the anchored hash is not the ledger entry's hash"
    try:
        response = decode_timestamp_response(bytes(anchor.token))
    except ValueError as exc:
        return f"the stored timestamp cannot be read: {exc}"
    return response_problem(response, anchor.head_hash)


def ledger_anchor(tsa_url: str | None = None, *, post: Post | None = None) -> Anchor:
    """Timestamp the current ledger head at the TSA; store the token; log the anchoring in the ledger."""
    url = tsa_url or settings.XIESHANG_TSA_URL
    if not url:
        raise InputError(
            "未配置时间戳服务（XIESHANG_TSA_URL）。", "No timestamp authority configured (XIESHANG_TSA_URL)."
        )
    head = ledger_head()
    if head is None:
        raise InputError("台账为空，无可锚定的内容。", "The ledger is empty: nothing to anchor.")
    request = (
        TimestampRequestBuilder()
        .data(_message(head.hash))
        .hash_algorithm(HashAlgorithm.SHA256)
        .nonce(nonce=True)
        .cert_request(cert_request=True)
        .build()
    )
    try:
        raw = (post or http_post)(url, request.as_bytes())
        response = decode_timestamp_response(raw)
    except (OSError, ValueError) as exc:
        raise InputError(f"时间戳服务无法使用：{exc}", f"The timestamp authority failed: {exc}") from exc
    problem = response_problem(response, head.hash, nonce=request.nonce)
    if problem:
        raise IntegrityError(f"时间戳无效：{problem}", f"Invalid timestamp: {problem}")
    with transaction.atomic():
        anchor = Anchor.objects.create(
            entry=head,
            head_hash=head.hash,
            tsa_url=url[:500],
            token=raw,
            gen_time=response.tst_info.gen_time,
            created_at=timezone.now(),
        )
        ledger_append(
            kind=LedgerEntry.Kind.ANCHOR,
            data={
                "anchored_seq": head.seq,
                "anchored_hash": head.hash,
                "tsa_url": url,
                "token_sha256": hashlib.sha256(raw).hexdigest(),
                "gen_time": response.tst_info.gen_time.isoformat(),
            },
        )
    return anchor


def ledger_head_export() -> dict[str, Any]:
    """The ledger head and every timestamp, as a document to keep outside the vault (`verify --export-head`).

    Each token is the TSA's DER response (.tsr) in base64 over `message` (the anchored hash as ASCII hex):
    `openssl ts -verify -data <file holding the hash> -in token.tsr -CAfile tsa-ca.pem` checks it.
    Exporting is read-only: it adds no ledger entry (that would move the head it exports).
    """
    head = ledger_head()
    anchors = Anchor.objects.select_related("entry").order_by("entry__seq", "id")
    return {
        "format": "xieshang-ledger-head/1",
        "head": (
            {"seq": head.seq, "hash": head.hash, "created_at": head.created_at.isoformat()} if head else None
        ),
        "hash_rule": "sha256(canonical JSON of the entry + previous hash); the first previous hash is 64 zeros",
        "anchors": [
            {
                "seq": a.entry.seq,
                "hash": a.head_hash,
                "message": a.head_hash,
                "gen_time": a.gen_time.isoformat(),
                "tsa_url": a.tsa_url,
                "token_der_base64": base64.b64encode(bytes(a.token)).decode("ascii"),
            }
            for a in anchors
        ],
    }
