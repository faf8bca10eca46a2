"""A throw-away Dovecot IMAP server on a loopback port, for the mailbox tests.

Everything it needs is in one temporary folder: its configuration, a password file with
one user, the mail (Maildir), its sockets and its log. Started as root, Dovecot refuses to
run its login and mail processes as root, so they run as Debian's `dovenull`, `dovecot`
and `nobody` users and the folder is readable by them; started as anyone else, it runs
everything as that user. Messages are put into the mailbox with the standard library's
imaplib, as any mail program would.
"""

from __future__ import annotations

import contextlib
import grp
import imaplib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Final

USER: Final = "helpdesk@gmina.example.pl"
PASSWORD: Final = "sekret-testowy"
START_TIMEOUT: Final = 10.0


def dovecot_binary() -> str | None:
    """Dovecot's path, or None when it is not installed (it lives in /usr/sbin)."""
    return shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Dovecot:
    """One Dovecot instance; `start`, `stop` (the server going away) and `start` again keep
    the same port and mailbox."""

    def __init__(self, binary: str) -> None:
        self._binary = binary
        self.root = Path(tempfile.mkdtemp(prefix="hdr-dovecot-"))
        self.root.chmod(0o755)  # the mail and login processes do not run as the owner
        self.port = free_port()
        self._process: subprocess.Popen[bytes] | None = None
        self._write_configuration()

    @property
    def url(self) -> str:
        """The mailbox as `HDR_IMAP_URL` names it."""
        return f"imap://{USER.replace('@', '%40')}:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    def start(self) -> None:
        self._process = subprocess.Popen(
            [self._binary, "-F", "-c", str(self.root / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"dovecot exited at start:\n{self.log()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            time.sleep(0.05)
        raise RuntimeError(f"dovecot did not listen within {START_TIMEOUT} s:\n{self.log()}")

    def stop(self) -> None:
        """Stops the server, dropping every connection, as a crash or a restart would."""
        if self._process is None:
            return
        self._process.terminate()
        self._process.wait(timeout=START_TIMEOUT)
        self._process = None
        # The master is gone; wait until its mail processes have let go of the port.
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port)).close()
            except OSError:
                return
            time.sleep(0.05)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def append(self, raw: bytes, *, flags: str = "") -> int:
        """Delivers `raw` into INBOX; returns its UID."""
        with self._client() as client:
            status, data = client.append("INBOX", flags or None, None, raw)
        assert status == "OK", data
        found = re.search(rb"APPENDUID \d+ (\d+)", data[0] or b"")
        assert found, data
        return int(found.group(1))

    def flags(self, uid: int) -> set[str]:
        """The flags of message `uid`."""
        with self._client() as client:
            client.select("INBOX", readonly=True)
            status, data = client.uid("FETCH", str(uid), "(FLAGS)")
        assert status == "OK", data
        found = re.search(rb"FLAGS \(([^)]*)\)", data[0] or b"")
        return set(found.group(1).decode().split()) if found else set()

    def remove_flags(self, uid: int, flags: str) -> None:
        with self._client() as client:
            client.select("INBOX")
            status, data = client.uid("STORE", str(uid), "-FLAGS", f"({flags})")
        assert status == "OK", data

    @contextlib.contextmanager
    def _client(self) -> Iterator[imaplib.IMAP4]:
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=START_TIMEOUT)
        try:
            client.login(USER, PASSWORD)
            yield client
        finally:
            with contextlib.suppress(imaplib.IMAP4.error, OSError):
                client.logout()

    def _write_configuration(self) -> None:
        mail = self.root / "mail"
        mail.mkdir()
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        if os.geteuid() == 0:
            login_user, internal_user = "dovenull", "dovecot"
            mail_user, mail_group = "nobody", "nogroup"
            shutil.chown(mail, mail_user, mail_group)
        else:
            login_user = internal_user = mail_user = pwd.getpwuid(os.geteuid()).pw_name
            mail_group = grp.getgrgid(os.getegid()).gr_name
        (self.root / "dovecot.conf").write_text(
            _CONFIGURATION.format(
                root=self.root,
                port=self.port,
                login_user=login_user,
                internal_user=internal_user,
                mail_user=mail_user,
                mail_group=mail_group,
            )
        )


_CONFIGURATION: Final = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
instance_name = hdr-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""
