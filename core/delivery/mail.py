"""Email: the acknowledgement letter by email, and the legally required notices when the
client cannot be reached on Telegram. SMTP through aiosmtplib."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol

import aiosmtplib

from core.delivery.outbox import Rejected, TransientFailure

TAG = re.compile(r"<[^>]+>")


def plain_text(message_html: str) -> str:
    """A Telegram HTML message as email text: tags dropped, entities decoded."""
    return html.unescape(TAG.sub("", message_html))


@dataclass(frozen=True)
class Attachment:
    name: str
    media_type: str
    content: bytes


class Mailer(Protocol):
    async def send(
        self, to: str, subject: str, text: str, attachments: tuple[Attachment, ...] = ()
    ) -> None:
        """Send one email; raise TransientFailure (retry) or Rejected (give up)."""
        ...


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    sender: str = ""
    username: str | None = None
    password: str | None = None
    starttls: bool | None = None  # None: upgrade when the server offers it
    timeout: float = 30.0


class SmtpMailer:
    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    async def send(
        self, to: str, subject: str, text: str, attachments: tuple[Attachment, ...] = ()
    ) -> None:
        s = self.settings
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = s.sender, to, subject
        message.set_content(text)
        for item in attachments:
            main, sub = item.media_type.split("/", 1)
            message.add_attachment(item.content, maintype=main, subtype=sub, filename=item.name)
        try:
            await aiosmtplib.send(
                message,
                hostname=s.host,
                port=s.port,
                username=s.username,
                password=s.password,
                start_tls=s.starttls,
                timeout=s.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as error:
            raise Rejected(f"email refused: {error}") from error
        except (aiosmtplib.SMTPException, OSError) as error:
            raise TransientFailure(f"email failed: {error}") from error
