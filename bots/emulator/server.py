"""The HTTP face of the emulator: ``{base}/bot{token}/{method}`` and file downloads."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

from bots.emulator.methods import HANDLERS
from bots.emulator.telegram import Telegram
from bots.emulator.validation import ApiError, validate
from bots.emulator.world import BotState, Json

CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


class ConnectionDropped(Exception):
    """The connection breaks after the call took effect."""


class ProxyPage(Exception):
    """A reverse proxy answers in Telegram's place, with an HTML page."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


PROXY_PAGE = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


METHODS = {name.lower(): name for name in [*HANDLERS, "getUpdates"]}


async def _parameters(request: web.Request) -> dict[str, Any]:
    raw: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return raw
    if request.content_type == "application/json":
        body = await request.json()
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: request body must be a JSON object")
        return raw | body
    form = await request.post()
    for name, value in form.items():
        if isinstance(value, web.FileField):
            raw[name] = {
                "content": value.file.read(),
                "filename": value.filename,
                "content_type": value.content_type,
            }
        else:
            raw[name] = value
    for name, value in list(raw.items()):  # "attach://part": the file is in that part
        if isinstance(value, str) and value.startswith("attach://"):
            raw[name] = raw.get(value.removeprefix("attach://"), value)
    return raw


class EmulatorServer:
    def __init__(self, telegram: Telegram, host: str = "127.0.0.1", port: int = 0) -> None:
        self.telegram, self.host, self.port = telegram, host, port
        self.app = web.Application(client_max_size=50 * 1024 * 1024)
        self.app.router.add_route("*", "/bot{token}/{method}", self.api)
        self.app.router.add_get("/file/bot{token}/{path:.*}", self.download)
        self.runner: web.AppRunner | None = None
        self.deliveries: dict[str, asyncio.Task[None]] = {}
        self.stopping = False

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        self.runner = web.AppRunner(self.app, handle_signals=False)
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.host, self.port)
        await site.start()
        server: Any = site._server
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        self.stopping = True
        for bot in self.telegram.bots.values():
            bot.wakeup.set()
        for task in self.deliveries.values():
            task.cancel()
        if self.runner:
            await self.runner.cleanup()

    async def api(self, request: web.Request) -> web.Response:
        bot = self.telegram.bots.get(request.match_info["token"])
        if bot is None:
            unauthorised = {"ok": False, "error_code": 401, "description": "Unauthorized"}
            return web.json_response(unauthorised, status=401)
        method = METHODS.get(request.match_info["method"].lower(), "")
        try:
            params = validate(method, await _parameters(request))
            result = await self.call(bot, method, params)
        except ProxyPage as page:  # a proxy's HTML error page instead of Telegram's JSON
            return web.Response(status=page.status, text=PROXY_PAGE, content_type="text/html")
        except ApiError as error:
            if not error.injected:
                self.telegram.refused.append((method, error.code, error.description))
            return web.json_response(error.to_json(), status=error.code)
        except ConnectionDropped:
            if request.transport is not None:
                request.transport.close()  # the call took effect; its answer is lost
            return web.Response(status=204)
        return web.json_response({"ok": True, "result": result})

    async def call(self, bot: BotState, method: str, params: Json) -> Any:
        tg = self.telegram
        if method == "getUpdates":
            return await self.get_updates(bot, params)
        chat_id = params.get("chat_id") if isinstance(params.get("chat_id"), int) else None
        fault = tg.faults.take(method, chat_id)
        if fault is not None and fault.kind == "html502":
            raise ProxyPage(502)
        if fault is not None and fault.kind not in ("timeout", "drop"):
            raise fault.error()
        if fault is not None and fault.kind == "timeout" and not fault.after_processing:
            await asyncio.sleep(fault.delay)
            raise ApiError(504, "Gateway Timeout", injected=True)
        chat = tg.chats.get(chat_id) if chat_id is not None else None
        tg.limits.check(method, chat_id, chat is not None and chat.type != "private")
        result = HANDLERS[method](tg, bot, params)
        tg.calls.append((method, params))
        if method == "setWebhook":
            self._deliver(bot)
        if fault is not None and fault.kind == "drop":
            raise ConnectionDropped
        if fault is not None:
            await asyncio.sleep(fault.delay)  # done, but the answer comes too late
        return result

    async def get_updates(self, bot: BotState, params: Json) -> list[Json]:
        if bot.webhook_url:
            raise ApiError(409, CONFLICT)
        fault = self.telegram.faults.take("getUpdates", None)
        if fault is not None and fault.kind == "html502":
            raise ProxyPage(502)
        if fault is not None:
            raise fault.error()
        offset = params.get("offset", 0)
        limit = min(max(params.get("limit", 100), 1), 100)
        pending = bot.pending(offset)
        if not pending and params.get("timeout", 0) > 0 and not self.stopping:
            bot.wakeup.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(bot.wakeup.wait(), params["timeout"])
            pending = bot.pending(offset)
        return pending[:limit]

    async def download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] not in self.telegram.bots:
            return web.Response(status=401)
        path = request.match_info["path"]
        for stored in self.telegram.files.values():
            if stored.path == path:
                return web.Response(body=stored.content, content_type=stored.mime_type)
        return web.Response(status=404)

    def _deliver(self, bot: BotState) -> None:
        task = self.deliveries.get(bot.token)
        if task is None or task.done():
            self.deliveries[bot.token] = asyncio.create_task(self._webhook_loop(bot))

    async def _webhook_loop(self, bot: BotState) -> None:
        """POST each update to the webhook until it answers 200, as Telegram does."""
        async with ClientSession(timeout=ClientTimeout(total=10)) as session:
            while bot.webhook_url and not self.stopping:
                if not bot.updates:
                    bot.wakeup.clear()
                    await bot.wakeup.wait()
                    continue
                update = bot.updates[0]
                headers = {"X-Telegram-Bot-Api-Secret-Token": bot.webhook_secret}
                try:
                    async with session.post(
                        bot.webhook_url,
                        data=json.dumps(update),
                        headers=headers | {"Content-Type": "application/json"},
                    ) as response:
                        delivered = response.status == 200
                except (OSError, TimeoutError):
                    delivered = False
                if delivered:
                    bot.updates.pop(0)
                    self.telegram.notify()
                else:
                    await asyncio.sleep(0.2)
