"""A local RFC 3161 timestamp authority for tests: a CA and a TSA certificate made with `cryptography`,
and a responder that answers a TimeStampReq in-process with a DER TimeStampResp (no network).

The DER is assembled here by hand (a few TLV helpers): TSTInfo inside a CMS SignedData whose signed
attributes carry contentType, messageDigest and signingCertificateV2, signed with ECDSA P-256/SHA-256.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from rfc3161_client._rust import parse_timestamp_request


def _len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _len(len(body)) + body


def seq(*items: bytes) -> bytes:
    return tlv(0x30, b"".join(items))


def set_of(*items: bytes) -> bytes:
    return tlv(0x31, b"".join(sorted(items)))


def integer(n: int) -> bytes:
    raw = n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big", signed=True)
    return tlv(0x02, raw)


def octets(data: bytes) -> bytes:
    return tlv(0x04, data)


def oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    body = bytearray([40 * parts[0] + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        part >>= 7
        while part:
            chunk.append(0x80 | (part & 0x7F))
            part >>= 7
        body.extend(reversed(chunk))
    return tlv(0x06, bytes(body))


def explicit(n: int, body: bytes) -> bytes:
    return tlv(0xA0 + n, body)


SHA256 = "2.16.840.1.101.3.4.2.1"
ECDSA_SHA256 = "1.2.840.10045.4.3.2"
SIGNED_DATA = "1.2.840.113549.1.7.2"
TST_INFO = "1.2.840.113549.1.9.16.1.4"
CONTENT_TYPE = "1.2.840.113549.1.9.3"
MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
SIGNING_CERT_V2 = "1.2.840.113549.1.9.16.2.47"
POLICY = "1.3.6.1.4.1.99999.1"


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


@dataclass
class LocalTSA:
    ca_cert: x509.Certificate
    tsa_cert: x509.Certificate
    tsa_key: ec.EllipticCurvePrivateKey
    serial: int = 1
    requests: int = 0
    tamper: bool = False  # answer over a different message (a wrong imprint)

    @classmethod
    def create(cls) -> LocalTSA:
        now = datetime.now(UTC) - timedelta(days=1)
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_cert = (
            x509.CertificateBuilder()
            .subject_name(_name("Xieshang Test Root"))
            .issuer_name(_name("Xieshang Test Root"))
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
            )
            .sign(ca_key, hashes.SHA256())
        )
        tsa_key = ec.generate_private_key(ec.SECP256R1())
        tsa_cert = (
            x509.CertificateBuilder()
            .subject_name(_name("Xieshang Test TSA"))
            .issuer_name(ca_cert.subject)
            .public_key(tsa_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .add_extension(
                x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
            )
            .sign(ca_key, hashes.SHA256())
        )
        return cls(ca_cert=ca_cert, tsa_cert=tsa_cert, tsa_key=tsa_key)

    def ca_pem(self) -> bytes:
        return self.ca_cert.public_bytes(serialization.Encoding.PEM)

    def respond(self, url: str, body: bytes) -> bytes:
        """The TSA's answer to a DER TimeStampReq (the signature of the `post` hook of ledger_anchor)."""
        self.requests += 1
        request = parse_timestamp_request(body)
        imprint = request.message_imprint.message
        if self.tamper:
            imprint = hashlib.sha256(b"something else").digest()
        self.serial += 1
        gen_time = datetime.now(UTC).strftime("%Y%m%d%H%M%SZ").encode()
        tst_info = seq(
            integer(1),
            oid(POLICY),
            seq(seq(oid(SHA256)), octets(imprint)),
            integer(self.serial),
            tlv(0x18, gen_time),
            *([integer(request.nonce)] if request.nonce is not None else []),
        )
        cert_der = self.tsa_cert.public_bytes(serialization.Encoding.DER)
        ess = seq(seq(seq(octets(hashlib.sha256(cert_der).digest()))))
        attrs = [
            seq(oid(CONTENT_TYPE), set_of(oid(TST_INFO))),
            seq(oid(MESSAGE_DIGEST), set_of(octets(hashlib.sha256(tst_info).digest()))),
            seq(oid(SIGNING_CERT_V2), set_of(ess)),
        ]
        signed_attrs = set_of(*attrs)
        signature = self.tsa_key.sign(signed_attrs, ec.ECDSA(hashes.SHA256()))
        issuer_der = self.tsa_cert.issuer.public_bytes()
        signer_info = seq(
            integer(1),
            seq(issuer_der, integer(self.tsa_cert.serial_number)),
            seq(oid(SHA256)),
            tlv(0xA0, signed_attrs[2 if signed_attrs[1] < 0x80 else 2 + (signed_attrs[1] & 0x7F) :]),
            seq(oid(ECDSA_SHA256)),
            octets(signature),
        )
        signed_data = seq(
            integer(3),
            set_of(seq(oid(SHA256))),
            seq(oid(TST_INFO), explicit(0, octets(tst_info))),
            tlv(0xA0, cert_der),
            set_of(signer_info),
        )
        token = seq(oid(SIGNED_DATA), explicit(0, signed_data))
        return seq(seq(integer(0)), token)
