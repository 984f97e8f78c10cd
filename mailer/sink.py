"""A development mail sink: an SMTP server (aiosmtpd) that saves each message as a .eml file.

The service still speaks real SMTP to it through aiosmtplib; only the receiving end
is local. Open the files with any mail program, or read them as text.

Recipients at `REFUSED_DOMAIN` are refused permanently (550 at RCPT), as a mail server
refuses a mailbox that does not exist: the way to see a bounce (R11.4) in development and
in the console's browser tests.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

_counter = itertools.count(1)

REFUSED_DOMAIN = "bounce.example"


class SaveToFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address.rpartition("@")[2].lower() == REFUSED_DOMAIN:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{next(_counter):06d}.eml"
        content: Any = envelope.original_content or envelope.content or b""
        (self.folder / name).write_bytes(
            content if isinstance(content, bytes) else content.encode()
        )
        return "250 Message accepted for delivery"


def start_sink(folder: Path, host: str, port: int) -> Controller:
    controller = Controller(SaveToFolder(folder), hostname=host, port=port)
    controller.start()
    return controller
