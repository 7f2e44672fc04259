"""The Bot API webhook (aiohttp): Telegram POSTs each update with the secret token set by
``setWebhook`` in a header. A wrong or missing secret gets 403 and is counted; an update
gets 200 only once it is committed (the poller's rule: Telegram forgets an update it got
200 for), then it is processed in the background, each chat in order."""

from __future__ import annotations

import hmac
import logging

from aiohttp import web

from bots.telegram.dialogue.engine import Engine
from bots.telegram.metrics import WEBHOOK_REFUSED

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookReceiver:
    def __init__(self, engine: Engine, secret: str) -> None:
        self.engine = engine
        self.secret = secret.encode()

    def _authentic(self, request: web.Request) -> bool:
        given = request.headers.get(SECRET_HEADER, "").encode(errors="replace")
        return hmac.compare_digest(given, self.secret)

    async def __call__(self, request: web.Request) -> web.Response:
        if not self._authentic(request):
            WEBHOOK_REFUSED.inc()
            log.warning("a webhook call from %s with a wrong secret was refused", request.remote)
            return web.Response(status=403)
        try:
            raw = await request.json()
        except ValueError:
            return web.Response(status=400)
        if not isinstance(raw, dict):
            return web.Response(status=400)
        try:
            stored = await self.engine.store_page([raw], "webhook")
        except Exception:  # the database is away: Telegram keeps the update, and retries
            log.exception("a webhook update could not be stored")
            return web.Response(status=503)
        self.engine.dispatch(stored)
        return web.Response(status=200)
