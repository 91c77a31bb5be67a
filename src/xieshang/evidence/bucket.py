"""Evidence originals in S3-compatible object storage (Aliyun OSS, Tencent COS, MinIO, Ceph, AWS S3), chosen
by settings (`XIESHANG_EVIDENCE_STORE=s3`); the local folder stays the default.

The bucket is the vault of record: keys are content addresses (`<prefix>objects/ab/cdef…`, the SHA-256 of the
bytes), written once — never overwritten (a conditional put `If-None-Match: *` where the server has it, after
a look that the key is absent), under Object Lock retention when `XIESHANG_S3_LOCK_DAYS` is set (and the bucket
has it), in a bucket whose versioning keeps any earlier version. The local folder (XIESHANG_EVIDENCE_ROOT) is
then a cache of each server: an object missing there is fetched from the bucket and checked against its name
before it is used. `verify` re-hashes the objects in the bucket (store.object_check).

The client is django-storages' S3 backend (its settings, its boto3 session); the few calls it has no verb
for (a conditional put with retention, a streamed get) go through the boto3 client it holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from django.conf import settings

_CHUNK = 1024 * 1024


class Bucket:
    def __init__(self, storage: Any, *, prefix: str, lock_days: int) -> None:
        self.storage = storage
        self.prefix = prefix
        self.lock_days = lock_days

    @property
    def client(self) -> Any:
        return self.storage.connection.meta.client

    @property
    def name(self) -> str:
        return str(self.storage.bucket_name)

    def key(self, sha256: str) -> str:
        return f"{self.prefix}objects/{sha256[:2]}/{sha256[2:]}"

    def size(self, sha256: str) -> int | None:
        """The stored object's size, or None if there is none."""
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.name, Key=self.key(sha256))
        except ClientError as exc:
            if str(exc.response.get("Error", {}).get("Code")) in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return int(head["ContentLength"])

    def has(self, sha256: str) -> bool:
        return self.size(sha256) is not None

    def put(self, source: Path, sha256: str) -> bool:
        """Upload a checked local object under its content address, once. False if it was already there."""
        from botocore.exceptions import ClientError

        if self.has(sha256):
            return False
        extra: dict[str, Any] = {
            "ContentType": "application/octet-stream",
            "ChecksumAlgorithm": "SHA256",  # the server checks the bytes it received
            "IfNoneMatch": "*",  # never over an object a concurrent put placed meanwhile
        }
        if self.lock_days > 0:
            extra["ObjectLockMode"] = "COMPLIANCE"
            extra["ObjectLockRetainUntilDate"] = datetime.now(UTC) + timedelta(days=self.lock_days)
        with source.open("rb") as body:
            try:
                self.client.put_object(Bucket=self.name, Key=self.key(sha256), Body=body, **extra)
            except ClientError as exc:
                if str(exc.response.get("Error", {}).get("Code")) in ("PreconditionFailed", "412"):
                    return False  # placed by another server between the look and the put: same bytes
                raise
        return True

    def stream(self, sha256: str) -> IO[bytes]:
        return self.client.get_object(Bucket=self.name, Key=self.key(sha256))["Body"]  # type: ignore[no-any-return]

    def sha256(self, sha256: str, use: Callable[[bytes], object] | None = None) -> str:
        """Re-hash the stored object from the bucket (handing each chunk to `use`, if given)."""
        digest = hashlib.sha256()
        body = self.stream(sha256)
        try:
            while chunk := body.read(_CHUNK):
                digest.update(chunk)
                if use is not None:
                    use(chunk)
        finally:
            body.close()
        return digest.hexdigest()

    # Uploads waiting for their import job (evidence.staging): plain objects under <prefix>staging/, removed
    # when the job ends (a lifecycle rule on that prefix can sweep what a lost job leaves).
    def staging_key(self, token: str, relative: str) -> str:
        return f"{self.prefix}staging/{token}/{relative}"

    def staging_put(self, source: Path, key: str) -> None:
        with source.open("rb") as body:
            self.client.put_object(Bucket=self.name, Key=key, Body=body, ChecksumAlgorithm="SHA256")

    def staging_get(self, key: str, target: Path) -> str:
        """Download a staged upload to `target`; returns the SHA-256 of what came."""
        digest = hashlib.sha256()
        body = self.client.get_object(Bucket=self.name, Key=key)["Body"]
        try:
            with target.open("wb") as out:
                while chunk := body.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
        finally:
            body.close()
        return digest.hexdigest()

    def staging_remove(self, keys: list[str]) -> None:
        from botocore.exceptions import ClientError

        for key in keys:
            try:
                self.client.delete_object(Bucket=self.name, Key=key)
            except ClientError:  # a retention rule on the prefix: the lifecycle rule will do it
                continue

    def keys(self) -> list[str]:
        """Every object key under the prefix (for verify's look for objects nobody accounts for)."""
        found: list[str] = []
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.name, Prefix=f"{self.prefix}objects/"
        )
        for page in pages:
            found.extend(str(item["Key"]) for item in page.get("Contents", []))
        return found


def _storage() -> Any:
    from storages.backends.s3 import S3Storage

    return S3Storage(
        bucket_name=settings.XIESHANG_S3_BUCKET,
        endpoint_url=settings.XIESHANG_S3_ENDPOINT_URL or None,
        region_name=settings.XIESHANG_S3_REGION or None,
        access_key=settings.XIESHANG_S3_ACCESS_KEY or None,
        secret_key=settings.XIESHANG_S3_SECRET_KEY or None,
        addressing_style=settings.XIESHANG_S3_ADDRESSING_STYLE or None,
        file_overwrite=False,
        default_acl=None,
        querystring_auth=True,
    )


@lru_cache(maxsize=4)
def _bucket_for(key: tuple[str, ...]) -> Bucket:
    return Bucket(
        _storage(), prefix=settings.XIESHANG_S3_PREFIX, lock_days=int(settings.XIESHANG_S3_LOCK_DAYS)
    )


def evidence_bucket() -> Bucket | None:
    """The bucket of record when XIESHANG_EVIDENCE_STORE is "s3", else None (the local folder)."""
    if getattr(settings, "XIESHANG_EVIDENCE_STORE", "local") != "s3":
        return None
    key = (
        str(settings.XIESHANG_S3_BUCKET),
        str(settings.XIESHANG_S3_ENDPOINT_URL),
        str(settings.XIESHANG_S3_PREFIX),
        str(settings.XIESHANG_S3_ACCESS_KEY),
    )
    return _bucket_for(key)
