"""Several ``reclam run`` replicas in webhook mode behind a round-robin load balancer
written in aiohttp (the replicas test and benchmarks/replicas.py)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

from aiohttp import ClientError, ClientSession, ClientTimeout, web

from bots.webhook import SECRET_HEADER
from tests.e2e.production import Served, free_port, reclam_run

PATH = "/telegram/webhook"
SECRET = "replicas_Secret-16"
FRAMEWORKS = ("aiogram", "ptb")


class RoundRobin:
    """A load balancer: each webhook call goes to the next replica; one that does not
    answer is skipped (as nginx's ``proxy_next_upstream`` does). Armed with a victim, it
    SIGKILLs the victim as soon as the victim answered 200 for an update."""

    def __init__(self) -> None:
        self.replicas: list[tuple[int, Served]] = []
        self.turn = 0
        self.victim: Served | None = None
        self.stranded: int | None = None  # the update the victim had just confirmed
        self.session: ClientSession | None = None

    async def forward(self, request: web.Request) -> web.Response:
        assert self.session is not None
        body = await request.read()
        headers = {SECRET_HEADER: request.headers.get(SECRET_HEADER, "")}
        headers["Content-Type"] = "application/json"
        for _ in range(len(self.replicas)):
            port, served = self.replicas[self.turn % len(self.replicas)]
            self.turn += 1
            if served.process.returncode is not None:
                continue
            try:
                async with self.session.post(
                    f"http://127.0.0.1:{port}{PATH}", data=body, headers=headers
                ) as response:
                    status = response.status
            except (ClientError, OSError, TimeoutError):
                continue
            if status == 200 and served is self.victim:
                served.process.kill()  # before Telegram even reads the 200
                self.victim, self.stranded = None, int(json.loads(body)["update_id"])
            return web.Response(status=status)
        return web.Response(status=502)


@asynccontextmanager
async def balancing(proxy: RoundRobin, port: int) -> AsyncIterator[None]:
    app = web.Application()
    app.router.add_post(PATH, proxy.forward)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    async with ClientSession(timeout=ClientTimeout(total=10)) as session:
        proxy.session = session
        try:
            yield
        finally:
            await runner.cleanup()


def replica_env(env: dict[str, str], proxy_port: int) -> dict[str, str]:
    """Every replica registers the load balancer's address as the webhook."""
    return env | {
        "RECLAM_WEBHOOK_URL": f"http://127.0.0.1:{proxy_port}{PATH}",
        "RECLAM_WEBHOOK_SECRET": SECRET,
    }


@asynccontextmanager
async def replicas(
    env: dict[str, str], count: int, folder: Path
) -> AsyncIterator[tuple[RoundRobin, list[Served]]]:
    """``count`` replicas (aiogram and PTB in turn) behind a load balancer, all serving."""
    proxy, proxy_port = RoundRobin(), free_port()
    async with balancing(proxy, proxy_port), AsyncExitStack() as stack:
        for number in range(1, count + 1):
            port = free_port()
            framework = FRAMEWORKS[(number - 1) % len(FRAMEWORKS)]
            served = await stack.enter_async_context(
                reclam_run(
                    replica_env(env, proxy_port)
                    | {"RECLAM_HTTP_PORT": str(port), "RECLAM_FRAMEWORK": framework},
                    folder,
                    f"replica{number}",
                )
            )
            proxy.replicas.append((port, served))
        yield proxy, [served for _, served in proxy.replicas]
