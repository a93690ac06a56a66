"""Writes a test CA, a server certificate for 127.0.0.1 and a client certificate into DIR.

Usage: make_certs.py DIR   (cryptography comes with Airflow in the test venv)
Files: ca.crt, server.crt, server.key, client.crt, client.key, other-ca.crt (a CA that signed nothing here).
"""

import datetime
import ipaddress
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

out = Path(sys.argv[1])
now = datetime.datetime.now(datetime.timezone.utc)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def key():
    return ec.generate_private_key(ec.SECP256R1())


def write_key(path, k):
    path.write_bytes(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def ca(cn):
    k = key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name(cn))
        .issuer_name(name(cn))
        .public_key(k.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .sign(k, hashes.SHA256())
    )
    return k, cert


def leaf(ca_key, ca_cert, cn, usage, san=None):
    k = key()
    b = (
        x509.CertificateBuilder()
        .subject_name(name(cn))
        .issuer_name(ca_cert.subject)
        .public_key(k.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    )
    if san:
        b = b.add_extension(x509.SubjectAlternativeName(san), critical=False)
    return k, b.sign(ca_key, hashes.SHA256())


pem = serialization.Encoding.PEM
ca_key, ca_cert = ca("logstack test CA")
(out / "ca.crt").write_bytes(ca_cert.public_bytes(pem))
_, other = ca("another CA")
(out / "other-ca.crt").write_bytes(other.public_bytes(pem))
for role, usage, san in (
    ("server", ExtendedKeyUsageOID.SERVER_AUTH, [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
    ("client", ExtendedKeyUsageOID.CLIENT_AUTH, None),
):
    k, cert = leaf(ca_key, ca_cert, f"logstack test {role}", usage, san)
    (out / f"{role}.crt").write_bytes(cert.public_bytes(pem))
    write_key(out / f"{role}.key", k)
