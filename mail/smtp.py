"""The email channel: the core's Mailer port over SMTP (aiosmtplib). It carries the
letters and notices to clients who read email, and the legally required notices when a
client cannot be reached on Telegram."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage

import aiosmtplib

from core.outbox import Rejected, TransientFailure
from core.usecases.ports import Attachment


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
