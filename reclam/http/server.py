"""The HTTP server of ``reclam run`` (aiohttp): ``/healthz``, ``/readyz``, ``/metrics``,
and the Bot API webhook when the bot runs in webhook mode."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from reclam.http import metrics
from reclam.http.health import Readiness

log = logging.getLogger(__name__)


@dataclass
class HttpServer:
    readiness: Readiness
    alive: Callable[[], bool] = lambda: True

    def application(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/readyz", self.readyz)
        app.router.add_get("/metrics", self.metrics)
        return app

    async def healthz(self, _: web.Request) -> web.Response:
        """The process is alive: its loops run (a supervisor restarts it otherwise)."""
        if not self.alive():
            return web.json_response({"status": "a vital loop has stopped"}, status=503)
        return web.json_response({"status": "alive"})

    async def readyz(self, _: web.Request) -> web.Response:
        checks = await self.readiness.checks()
        ready = all(check.ok for check in checks.values())
        body = {
            "status": "ready" if ready else "not ready",
            "checks": {name: {"ok": c.ok, "detail": c.detail} for name, c in checks.items()},
        }
        return web.json_response(body, status=200 if ready else 503)

    async def metrics(self, _: web.Request) -> web.Response:
        try:
            await metrics.refresh(self.readiness.engine, self.readiness.clock.now())
        except Exception:  # the counters are still worth serving without the database
            log.warning("the database gauges could not be read", exc_info=True)
        response = web.Response(body=generate_latest())
        response.content_type = CONTENT_TYPE_LATEST.split(";")[0]
        return response


@asynccontextmanager
async def serving_http(app: web.Application, host: str, port: int) -> AsyncIterator[None]:
    """Serve ``app`` on ``host``:``port`` until the block ends."""
    runner = web.AppRunner(app, access_log=logging.getLogger("aiohttp.access"))
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        log.info("HTTP on %s:%s (/healthz, /readyz, /metrics)", host, port)
        yield
    finally:
        await runner.cleanup()
