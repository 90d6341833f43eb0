"""Key material for the seal: an in-memory TEST PKI, and PKCS#12 loading for production.

The test PKI exists so that a developer instance (and the test suite) can sign without any
secret: a root CA, a seal certificate issued by it (ECDSA P-256, fast), an RSA time-stamping
certificate (pyHanko's in-process ``DummyTimeStamper`` only signs with RSA) and a CRL of the
root, so that PAdES B-LT can embed revocation information without any network access.

Every name says TEST and NOT FOR PRODUCTION: documents sealed with it must never be mistaken
for documents sealed with the operator's real certificate.

Validity windows are anchored on the first day of the current month, one year back, rather
than on "now": two PKIs built the same month have identical dates, a certificate is never
"not yet valid" because of clock skew between signer and validator, and the seal always has
between eleven and twelve months of validity left, so the tests do not rot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import crl as asn1_crl
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

__all__ = [
    "LoadedCredential",
    "SigningConfigError",
    "TestPki",
    "load_pkcs12",
    "make_test_pki",
    "to_asn1_cert",
    "to_asn1_crl",
    "to_asn1_key",
]

ROOT_CN = "Recouvre TEST Root CA — NOT FOR PRODUCTION"
SEAL_CN = "Recouvre TEST seal — NOT FOR PRODUCTION"
TSA_CN = "Recouvre TEST TSA — NOT FOR PRODUCTION"
TEST_ORG = "Recouvre (TEST)"
# An .invalid host (RFC 2606): the URL is only there so validators see a CRL distribution
# point matching the CRL we supply offline; nothing can ever fetch it.
TEST_CRL_URL = "http://pki.recouvre.invalid/test-root.crl"

SEAL_VALIDITY = timedelta(days=730)
ROOT_VALIDITY = timedelta(days=3650)


class SigningConfigError(RuntimeError):
    """The signing key material configured for this worker cannot be used.

    This is an operator error detected at start-up, never a client error. Its message names
    the file but never contains a password.
    """


@dataclass(frozen=True)
class TestPki:
    """An in-memory test PKI (``cryptography`` objects). Not for production."""

    __test__ = False  # not a pytest test class despite its name

    root_cert: x509.Certificate
    root_key: ec.EllipticCurvePrivateKey
    seal_cert: x509.Certificate
    seal_key: ec.EllipticCurvePrivateKey
    tsa_cert: x509.Certificate
    tsa_key: rsa.RSAPrivateKey
    crl: x509.CertificateRevocationList

    def seal_pkcs12(self, password: bytes | None) -> bytes:
        """The seal key, certificate and root as a PKCS#12 archive (used by tests)."""
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password)
            if password
            else serialization.NoEncryption()
        )
        return pkcs12.serialize_key_and_certificates(
            name=b"recouvre-test-seal",
            key=self.seal_key,
            cert=self.seal_cert,
            cas=[self.root_cert],
            encryption_algorithm=encryption,
        )


@dataclass(frozen=True)
class LoadedCredential:
    """Key, certificate and accompanying chain read from a PKCS#12 archive."""

    key: PrivateKeyTypes
    cert: x509.Certificate
    chain: tuple[x509.Certificate, ...]

    def __repr__(self) -> str:  # never show the private key object
        return f"LoadedCredential(subject={self.cert.subject.rfc4514_string()!r})"


def _anchor(now: datetime | None) -> datetime:
    now = (now or datetime.now(UTC)).astimezone(UTC)
    return datetime(now.year - 1, now.month, 1, tzinfo=UTC)


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, TEST_ORG),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _crl_dp() -> x509.CRLDistributionPoints:
    return x509.CRLDistributionPoints(
        [
            x509.DistributionPoint(
                full_name=[x509.UniformResourceIdentifier(TEST_CRL_URL)],
                relative_name=None,
                reasons=None,
                crl_issuer=None,
            )
        ]
    )


def _leaf(
    *,
    cn: str,
    public_key: ec.EllipticCurvePublicKey | rsa.RSAPublicKey,
    serial: int,
    not_before: datetime,
    root_cert: x509.Certificate,
    root_key: ec.EllipticCurvePrivateKey,
    time_stamping: bool,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(root_cert.subject)
        .public_key(public_key)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_before + SEAL_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
            critical=False,
        )
        .add_extension(_crl_dp(), critical=False)
    )
    if time_stamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return builder.sign(root_key, hashes.SHA256())


def make_test_pki(now: datetime | None = None) -> TestPki:
    """Generate a fresh TEST root CA, seal certificate, RSA TSA certificate and root CRL.

    ``now`` only moves the validity anchor (first day of ``now``'s month, one year back).
    """
    anchor = _anchor(now)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name(ROOT_CN)
    root_cert = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(anchor - timedelta(days=1))
        .not_valid_after(anchor + ROOT_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False
        )
        .sign(root_key, hashes.SHA256())
    )

    seal_key = ec.generate_private_key(ec.SECP256R1())
    seal_cert = _leaf(
        cn=SEAL_CN,
        public_key=seal_key.public_key(),
        serial=x509.random_serial_number(),
        not_before=anchor,
        root_cert=root_cert,
        root_key=root_key,
        time_stamping=False,
    )
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_cert = _leaf(
        cn=TSA_CN,
        public_key=tsa_key.public_key(),
        serial=x509.random_serial_number(),
        not_before=anchor,
        root_cert=root_cert,
        root_key=root_key,
        time_stamping=True,
    )
    crl = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root_cert.subject)
        .last_update(anchor)
        .next_update(anchor + SEAL_VALIDITY)
        .add_extension(x509.CRLNumber(1), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )
    return TestPki(
        root_cert=root_cert,
        root_key=root_key,
        seal_cert=seal_cert,
        seal_key=seal_key,
        tsa_cert=tsa_cert,
        tsa_key=tsa_key,
        crl=crl,
    )


def load_pkcs12(path: str, password: bytes | None) -> LoadedCredential:
    """Read a PKCS#12 (.p12/.pfx) archive. Raises :class:`SigningConfigError` on failure.

    The error message names the file but never includes the password or the parser's
    internals (``from None``), so it is safe to log.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SigningConfigError(
            f"cannot read the signing PKCS#12 file {path!r}: {exc.strerror}"
        ) from None
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password or None)
    except (ValueError, TypeError):
        raise SigningConfigError(
            f"cannot open the signing PKCS#12 file {path!r}: wrong password or corrupt file"
        ) from None
    if key is None or cert is None:
        raise SigningConfigError(
            f"the signing PKCS#12 file {path!r} must hold one private key and its certificate"
        )
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise SigningConfigError(
            f"the signing PKCS#12 file {path!r} holds an unsupported key type "
            f"({type(key).__name__}); use ECDSA or RSA"
        )
    return LoadedCredential(key=key, cert=cert, chain=tuple(extra))


def to_asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def to_asn1_key(key: PrivateKeyTypes) -> asn1_keys.PrivateKeyInfo:
    return asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def to_asn1_crl(crl: x509.CertificateRevocationList) -> asn1_crl.CertificateList:
    return asn1_crl.CertificateList.load(crl.public_bytes(serialization.Encoding.DER))
