"""A real SMTP server on loopback (aiosmtpd, in its own thread) that keeps every mail it
accepts as the bytes it received, and can refuse on cue: a recipient, the next messages,
or everything by being stopped. TLS as `starttls` or `ssl` with a self-signed certificate
made for the run, and logins checked against a table of users."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from core.config import Settings

HOST = "127.0.0.1"
TlsMode = Literal["none", "starttls", "ssl"]


@dataclass(frozen=True)
class Certificate:
    """A self-signed certificate for 127.0.0.1, its key, and a client context trusting it."""

    cert_file: Path
    key_file: Path

    @classmethod
    def create(cls, folder: Path) -> Certificate:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hdr-desk test SMTP")])
        now = dt.datetime.now(dt.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]),
                critical=False,
            )
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256())
        )
        cert_file, key_file = folder / "smtp-cert.pem", folder / "smtp-key.pem"
        cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return cls(cert_file, key_file)

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context

    def client_context(self) -> ssl.SSLContext:
        """Verifies the server as the product does, trusting this certificate alone."""
        return ssl.create_default_context(cafile=str(self.cert_file))


@dataclass(frozen=True)
class ReceivedMail:
    """One accepted message: envelope, the bytes of DATA, and the connection it came on."""

    sender: str
    recipients: list[str]
    data: bytes
    connection: int
    tls: bool
    login: str | None

    @property
    def email(self) -> EmailMessage:
        """The message parsed, its parts with the line ends of the reader (not CRLF)."""
        text = self.data.replace(b"\r\n", b"\n")
        return cast(EmailMessage, message_from_bytes(text, policy=policy.default))


@dataclass
class _Recorder:
    """The aiosmtpd handler: runs in the server's thread."""

    users: dict[str, str]
    received: list[ReceivedMail] = field(default_factory=list)
    refused_recipients: dict[str, str] = field(default_factory=dict)
    sender_refusal: str | None = None
    data_replies: list[str] = field(default_factory=list)
    quits: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_MAIL(  # noqa: N802 (aiosmtpd's hook names)
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if self.sender_refusal is not None:
            return self.sender_refusal
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.refused_recipients:
            return self.refused_recipients[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        with self.lock:
            if self.data_replies:
                reply = self.data_replies.pop(0)
                if reply.startswith("421"):
                    # As real servers do: 421 closes the connection (RFC 5321, 3.8).
                    server.loop.call_soon(server.transport.close)
                return reply
            login = session.auth_data.login.decode() if session.authenticated else None
            self.received.append(
                ReceivedMail(
                    sender=str(envelope.mail_from),
                    recipients=list(envelope.rcpt_tos),
                    data=cast(bytes, envelope.original_content),
                    connection=id(session),
                    tls=server.transport.get_extra_info("ssl_object") is not None,
                    login=login,
                )
            )
        return "250 Message accepted for delivery"

    async def handle_QUIT(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        with self.lock:
            self.quits += 1
        return "221 Bye"

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword):
            login, password = data.login.decode(), data.password.decode()
            if self.users.get(login) == password:
                return AuthResult(success=True, auth_data=data)
        return AuthResult(success=False, handled=False)


class SmtpServer:
    """The server on a port of 127.0.0.1 that stays the same across `stop()` and `start()`."""

    def __init__(
        self,
        *,
        tls: TlsMode = "none",
        certificate: Certificate | None = None,
        users: dict[str, str] | None = None,
        port: int | None = None,
    ) -> None:
        if tls != "none" and certificate is None:
            raise ValueError("TLS needs a certificate")
        self.tls = tls
        self.certificate = certificate
        self.port = port or free_port()
        self._recorder = _Recorder(users=users or {})
        self._controller: Controller | None = None

    @property
    def received(self) -> list[ReceivedMail]:
        with self._recorder.lock:
            return list(self._recorder.received)

    @property
    def quits(self) -> int:
        return self._recorder.quits

    def refuse_recipient(self, address: str, reply: str = "550 5.1.1 No such user") -> None:
        self._recorder.refused_recipients[address] = reply

    def refuse_sender(self, reply: str) -> None:
        """Every MAIL FROM is answered with `reply`."""
        self._recorder.sender_refusal = reply

    def answer_next_data(self, *replies: str) -> None:
        """The next messages are answered with `replies`, one each, and not kept."""
        self._recorder.data_replies.extend(replies)

    def start(self) -> None:
        kwargs: dict[str, Any] = {}
        if self.certificate is not None and self.tls == "ssl":
            kwargs["ssl_context"] = self.certificate.server_context()
        if self.certificate is not None and self.tls == "starttls":
            kwargs |= {"tls_context": self.certificate.server_context(), "require_starttls": True}
        if self._recorder.users:
            kwargs |= {"authenticator": self._recorder.authenticate, "auth_required": True}
        self._controller = Controller(self._recorder, hostname=HOST, port=self.port, **kwargs)
        self._controller.start()

    def stop(self) -> None:
        """Closes every connection and stops listening: the server is down."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def settings(self, **overrides: Any) -> Settings:
        """Settings that send mail through this server."""
        values: dict[str, Any] = {
            "smtp_host": HOST,
            "smtp_port": self.port,
            "smtp_tls": self.tls,
            "mail_from": "helpdesk@lubartow.example.pl",
        }
        return Settings(_env_file=None, **(values | overrides))  # type: ignore[call-arg]

    def __enter__(self) -> SmtpServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])
