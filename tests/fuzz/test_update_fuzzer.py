"""The update fuzzer: updates of every kind Telegram can send, with nasty texts and odd
people, and some no library can parse, pushed at a running bot (aiogram and PTB) while a
real client uses it. Nothing may break (design.md §4, §8):

- every update is stored and processed (``inbound_updates``), and none fails; only the
  updates that break the Bot API schema on purpose (``Draft.malformed``) may be set aside
  with a reason in ``error``, since the product cannot read them;
- Telegram refuses none of the bot's calls (``Emulator.invalid_calls()``) and every
  message in the outbox is sent;
- every text or command a person writes in their private chat is answered there;
- the bot writes only in private chats and in the staff group, never in another group or
  a channel;
- the real client is answered, and files a complaint from start to end.

One bot serves all the examples of a test (starting one per example would be too slow).
When an example failed and left the bot stuck (Telegram still holds updates it never
confirmed), the next one first heals it: it drops those updates and restarts the bot on
the same database, so that each failure is the example's own and hypothesis can shrink
it. Each kind of failure is asserted on a line of its own, so hypothesis reports distinct
failures separately.

``RECLAM_FUZZ_EXAMPLES`` sets how many examples each test runs (default: a CI-sized run),
``RECLAM_FUZZ_WITHIN`` how many seconds a batch may take; ``pytest --hypothesis-seed=N``
replays a run."""

from __future__ import annotations

import asyncio
import copy
import itertools
import os
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import aiogram.types
import pytest
import telegram
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bots.emulator.world import Chat, User
from bots.telegram.markup import HtmlTranslator
from bots.telegram.staff.group_rights import welcome_text
from bots.telegram.store.tables import inbound_updates
from core.persistence.tables import outbox
from tests.e2e.harness import STAFF, Reclam, reclam
from tests.fuzz.strategies import (
    MESSAGE_KINDS,
    NASTY,
    Button,
    Draft,
    Json,
    Scene,
    Tally,
    World,
    resolve,
    updates,
)

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("RECLAM_FUZZ_EXAMPLES", "0"))
#: seconds a batch may take to be processed and answered (a stuck bot costs that much)
WITHIN = float(os.environ.get("RECLAM_FUZZ_WITHIN", "10"))
STRANGERS = (*range(20_001, 20_009), 2**33 + 7, 7_999_999_999)  # ids past 32 bits too
FILES = (
    ("photo.jpg", "image/jpeg"),
    ("scan.pdf", "application/pdf"),
    ("voice.ogg", "audio/ogg"),
    ("clip.mp4", "video/mp4"),
)
#: the steps of filing a complaint (tests/e2e/test_client_dialogue.py, file_quickly)
FILING = (
    ("say", "/start"),
    ("press", "📝 Déposer une réclamation"),
    ("press", "Oui, c'est moi"),
    ("press", "Passer"),
    ("press", "Passer"),
    ("press", "Passer"),
    ("press", "Facturation et tarifs"),
    ("press", "Aujourd'hui"),
    ("press", "Bureau / accueil"),
    ("press", "Personne en particulier"),
    ("say", "{story}"),
    ("press", "Terminé"),
    ("press", "Un remboursement"),
    ("press", "✅ Envoyer"),
)
#: a client's first or last name (Telegram allows 64 characters), and what they write
NAMES = st.lists(st.sampled_from(NASTY), min_size=1, max_size=3).map(lambda n: "".join(n)[:64])
STORIES = st.lists(st.sampled_from(NASTY), max_size=5).map("".join)


def fuzz_settings(examples: int) -> Any:
    return settings(
        max_examples=EXAMPLES or examples,
        deadline=None,
        database=None,  # the examples depend on the running bot's state: no replay
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


@dataclass
class Pushed:
    draft: Draft
    update_id: int
    payload: Any  # as pushed: the draft with the running world's picks filled in
    chat_id: int | None = None  # where a message was stored, and its real id
    message_id: int | None = None

    def describe(self) -> str:
        return replace(self.draft, payload=self.payload).describe()


@dataclass(repr=False)
class Fuzz:
    """The running bot, the strangers who write to it, and what the examples did."""

    r: Reclam
    other_group: Chat
    channel: Chat
    scene: Scene
    clients: itertools.count[int] = field(default_factory=lambda: itertools.count(900_001))
    broken: bool = False
    texts_answered: int = 0  # private texts checked for an answer
    tally: Tally = field(default_factory=Tally)

    def __repr__(self) -> str:
        return f"Fuzz({self.r.framework})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # hypothesis's printer
        printer.text(repr(self))

    @property
    def telegram(self) -> Any:
        return self.r.emulator.telegram

    def world(self) -> World:
        """The topics, messages and buttons the bot has made so far."""
        tg, bot = self.telegram, self.r.bot
        group = self.r.staff_group.id
        mine = [
            m
            for m in tg.messages.values()
            if m.sender_id == bot.user.id and not m.deleted and m.chat_id != self.channel.id
        ][-40:]
        buttons = tuple(
            Button(m.chat_id, copy.deepcopy(m.data), b["callback_data"])
            for m in mine
            for b in m.buttons
            if "callback_data" in b
        )
        return World(
            topics=tuple(t.thread_id for (chat, _), t in tg.topics.items() if chat == group),
            bot_messages=tuple(copy.deepcopy(m.data) for m in mine),
            buttons=buttons[-60:],
        )

    def push(self, draft: Draft) -> Pushed:
        """Queue the update as Telegram would send it: a message is stored in its chat
        first (it gets its real id), a button press is one Telegram can answer."""
        tg, bot = self.telegram, self.r.bot
        payload = resolve(copy.deepcopy(draft.payload), self.scene, self.world())
        self.tally.add(draft)
        chat = tg.chats.get(draft.chat_id) if draft.chat_id is not None else None
        if draft.kind in MESSAGE_KINDS and chat is not None and isinstance(payload, dict):
            sender = tg.users.get(draft.sender_id) or User(draft.sender_id or 0, "?")
            stored = tg.store(chat, sender, payload)
            if "from" not in payload:  # a channel post has no sender
                stored.data.pop("from", None)
            update = self.r.emulator.push_raw(bot, draft.kind, copy.deepcopy(stored.data))
            return Pushed(draft, update["update_id"], stored.data, chat.id, stored.message_id)
        query_id = payload.get("id") if isinstance(payload, dict) else None
        if draft.kind == "callback_query" and isinstance(query_id, str):
            payload["id"] = f"{query_id}{secrets.token_hex(8)}"  # each press has its own
            tg.callbacks[payload["id"]] = dict(payload) | {"pressed_at": time.monotonic()}
        update = self.r.emulator.push_raw(bot, draft.kind, payload)
        return Pushed(draft, update["update_id"], payload)

    async def heal(self) -> None:
        """After a failed example that left the bot stuck (Telegram still holds updates
        it never confirmed): forget those updates and restart the bot."""
        if self.broken and self.r.bot.updates:
            self.r.bot.updates.clear()
            await asyncio.wait_for(self.r.restart(), 60)
        self.broken = False


@pytest.fixture(params=["aiogram", "ptb"])
async def fuzz(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Fuzz]:
    # each example checks the outbox itself; a failure must not be reported twice
    async with reclam(request.param, tmp_path, failures_expected=True) as r:
        emulator, tg = r.emulator, r.emulator.telegram
        strangers = [emulator.user(i, f"Inconnu {i}") for i in STRANGERS]
        other = emulator.group("Parents d'élèves", r.bot, strangers, forum=False)
        channel = Chat(-1_002_000_000_001, "channel", "Actualités de l'école")
        channel.members = {r.bot.user.id: "administrator"}
        tg.chats[channel.id] = channel
        files = []
        for name, mime in FILES:
            stored = tg.keep_file(b"fuzz " + name.encode(), name, mime)
            files.append((stored.file_id, stored.file_unique_id))
        scene = Scene(
            bot=r.bot.user.to_json(),
            staff_group=r.staff_group.to_json(tg.users),
            staff=tuple(telegram_id for telegram_id, _, _ in STAFF),
            strangers=STRANGERS,
            other_group=other.to_json(tg.users),
            channel=channel.to_json(tg.users),
            files=tuple(files),
        )
        running = Fuzz(r, other, channel, scene)
        yield running
        pushed = sum(running.tally.kinds.values())
        print(f"\n{request.param}: {pushed} updates, {running.texts_answered} private texts:")
        print(", ".join(f"{k} {v}" for k, v in sorted(running.tally.kinds.items())))


# -- what must hold after each batch --------------------------------------------------------


async def _inbound(r: Reclam) -> dict[int, tuple[Any, str | None]]:
    async with r.uow() as uow:
        rows = await uow.session.execute(
            select(
                inbound_updates.c.update_id,
                inbound_updates.c.processed_at,
                inbound_updates.c.error,
            )
        )
        return {row.update_id: (row.processed_at, row.error) for row in rows}


async def _outbox(r: Reclam, after: int = 0) -> list[tuple[str, str, str, Any]]:
    async with r.uow() as uow:
        rows = await uow.session.execute(
            select(outbox.c.recipient, outbox.c.method, outbox.c.status, outbox.c.error).where(
                outbox.c.id > after
            )
        )
        return [tuple(row) for row in rows]


@dataclass(frozen=True)
class Before:
    """Where an example starts: what came before is not its doing."""

    refused: int  # calls Telegram refused
    outbox: int  # the last outbox id
    elsewhere: int  # the bot's messages outside private chats and the staff group


async def _before(fuzz: Fuzz) -> Before:
    async with fuzz.r.uow() as uow:
        last = await uow.session.scalar(select(func.max(outbox.c.id)))
    refused = len(fuzz.r.emulator.invalid_calls())
    return Before(refused, last or 0, len(_elsewhere(fuzz)))


def _elsewhere(fuzz: Fuzz) -> list[str]:
    """What the bot wrote outside the staff group, but for saying, when it is added to a
    group, how a manager binds it (``my_chat_member``)."""
    bot_id = fuzz.r.bot.user.id
    welcome = welcome_text(HtmlTranslator("fr"))
    return [
        f"{chat.title}: {m.text[:100]!r}"
        for chat in (fuzz.other_group, fuzz.channel)
        for m in fuzz.telegram.transcript(chat.id)
        if m.sender_id == bot_id and not (chat is fuzz.other_group and m.text == welcome)
    ]


async def _settle(fuzz: Fuzz, pushed: list[Pushed]) -> None:
    """Wait until every pushed update is processed and the outbox is drained."""
    wanted = {p.update_id for p in pushed}
    deadline = time.monotonic() + WITHIN
    while time.monotonic() < deadline:
        rows = await _inbound(fuzz.r)
        processed = all(rows.get(u, (None,))[0] is not None for u in wanted)
        waiting = {status for _, _, status, _ in await _outbox(fuzz.r)} & {"pending", "sending"}
        if processed and not all(r[0] is not None for r in rows.values()):
            processed = False  # something else (recovered after a restart) is still under way
        if processed and not waiting:
            return
        await asyncio.sleep(0.05)


def _bot_after(fuzz: Fuzz, chat_id: int, message_id: int) -> bool:
    bot_id = fuzz.r.bot.user.id
    return any(
        m.sender_id == bot_id and m.message_id > message_id
        for m in fuzz.telegram.transcript(chat_id)
    )


@dataclass
class Problems:
    """What went wrong with a batch, by kind: each kind is asserted on a line of its own,
    so that hypothesis tells distinct failures apart and shrinks each one."""

    lost: list[str] = field(default_factory=list)  # never stored, or never processed
    failed: list[str] = field(default_factory=list)  # processing raised
    refused: list[str] = field(default_factory=list)  # Telegram refused a call
    undelivered: list[str] = field(default_factory=list)  # an outbox item not sent
    unanswered: list[str] = field(default_factory=list)  # a private text left unanswered
    elsewhere: list[str] = field(default_factory=list)  # the bot wrote in a group or channel

    def all(self) -> list[str]:
        return [
            *self.lost,
            *self.failed,
            *self.refused,
            *self.undelivered,
            *self.unanswered,
            *self.elsewhere,
        ]


async def _problems(fuzz: Fuzz, pushed: list[Pushed], before: Before) -> Problems:
    found = Problems()
    rows = await _inbound(fuzz.r)
    for p in pushed:
        row = rows.get(p.update_id)
        what = f"update {p.update_id}: {p.describe()}"
        if row is None:
            found.lost.append(f"never stored: {what}")
        elif row[0] is None:
            found.lost.append(f"stored but never processed: {what}")
        elif row[1] is not None and not p.draft.malformed:
            found.failed.append(f"failed with {row[1]!r}: {what}")
    known = {p.update_id for p in pushed}
    for update_id, (processed_at, _) in rows.items():
        if processed_at is None and update_id not in known:
            found.lost.append(f"update {update_id} (an earlier one) is still not processed")
    refused = fuzz.r.emulator.invalid_calls()[before.refused :]
    found.refused += [f"Telegram refused {m} ({code}): {why}" for m, code, why in refused]
    for chat_id, method, status, error in await _outbox(fuzz.r, before.outbox):
        if status != "sent":
            found.undelivered.append(f"outbox {method} to {chat_id} is {status}: {error}")
    for p in pushed:
        if p.draft.private_text and p.chat_id and p.message_id:  # noqa: SIM102
            fuzz.texts_answered += 1
            if not _bot_after(fuzz, p.chat_id, p.message_id):
                found.unanswered.append(f"never answered in its chat: {p.describe()}")
    found.elsewhere += [f"the bot wrote in {m}" for m in _elsewhere(fuzz)[before.elsewhere :]]
    return found


async def _check(fuzz: Fuzz, pushed: list[Pushed], before: Before) -> None:
    """Wait for the batch to be handled, then check everything that must hold."""
    await _settle(fuzz, pushed)
    found = await _problems(fuzz, pushed, before)
    everything = found.all()
    assert not found.lost, _report(fuzz, everything, pushed)
    assert not found.failed, _report(fuzz, everything, pushed)
    assert not found.refused, _report(fuzz, everything, pushed)
    assert not found.undelivered, _report(fuzz, everything, pushed)
    assert not found.unanswered, _report(fuzz, everything, pushed)
    assert not found.elsewhere, _report(fuzz, everything, pushed)


def _report(fuzz: Fuzz, problems: list[str], pushed: list[Pushed]) -> str:
    batch = "\n".join(f"  {p.update_id}: {p.describe()}" for p in pushed)
    held = [u["update_id"] for u in fuzz.r.bot.updates]
    if held:  # a stuck library fetches these again and again
        problems = [*problems, f"updates Telegram still holds (unconfirmed): {held}"]
    return "\n".join(problems) + f"\n-- the batch ({len(pushed)} updates):\n{batch}"


async def _client_step(fuzz: Fuzz, client: User, action: str, label: str) -> list[str]:
    try:
        if action == "say":
            return await asyncio.wait_for(fuzz.r.say(client, label), WITHIN)
        return await asyncio.wait_for(fuzz.r.press(client, label), WITHIN)
    except (TimeoutError, LookupError) as error:
        raise AssertionError(
            f"the real client's {action} {label!r} went unanswered ({error!r}); "
            f"the client's chat: {fuzz.r.texts(client)[-3:]}"
        ) from error


async def _register_arrives(fuzz: Fuzz, pushed: list[Pushed]) -> None:
    """A manager asks for the register in the staff group, and gets it as a file."""
    group, bot_id = fuzz.r.staff_group.id, fuzz.r.bot.user.id

    def files() -> int:
        return sum(
            1
            for m in fuzz.telegram.transcript(group)
            if m.sender_id == bot_id and "document" in m.data
        )

    before = files()
    claire = fuzz.telegram.users[101]
    message = fuzz.r.emulator.send_text(fuzz.r.bot, claire, "/register", chat=fuzz.r.staff_group)
    asked = Draft("message", message, chat_id=group, sender_id=claire.id)
    pushed.append(Pushed(asked, fuzz.r.bot.updates[-1]["update_id"], message))
    try:
        await fuzz.r.emulator.wait_until(lambda: files() > before, WITHIN)
    except TimeoutError:
        raise AssertionError(
            _report(fuzz, ["the manager's /register got no file"], pushed)
        ) from None


async def _batch(fuzz: Fuzz, data: st.DataObject, most: int, label: str) -> list[Pushed]:
    drafts = data.draw(st.lists(updates(fuzz.scene), max_size=most), label=label)
    return [fuzz.push(draft) for draft in drafts]


# -- the tests --------------------------------------------------------------------------


@pytest.mark.e2e
@fuzz_settings(examples=100)
@given(data=st.data())
async def test_a_storm_of_updates_of_every_kind_leaves_every_update_processed_every_call_valid_and_every_text_answered(  # noqa: E501
    fuzz: Fuzz, data: st.DataObject
) -> None:
    await fuzz.heal()
    try:
        before = await _before(fuzz)
        client = fuzz.r.emulator.user(next(fuzz.clients), "Léa", "Dubois")
        pushed = await _batch(fuzz, data, 6, "before the client")
        command = data.draw(st.sampled_from(["/start", "/help"]), label="the client")
        message = fuzz.r.emulator.send_text(fuzz.r.bot, client, command)
        update_id = fuzz.r.bot.updates[-1]["update_id"]  # the one just queued
        said = Draft("message", message, chat_id=client.id, sender_id=client.id)
        pushed.append(Pushed(said, update_id, message, client.id, message["message_id"]))
        pushed += await _batch(fuzz, data, 6, "after the client")
        try:
            await asyncio.wait_for(fuzz.r.new_messages(client, 0, 1), WITHIN)
        except TimeoutError:
            raise AssertionError(
                _report(fuzz, [f"the real client's {command} went unanswered"], pushed)
            ) from None
        await _check(fuzz, pushed, before)
    except BaseException:
        fuzz.broken = True
        raise


@pytest.mark.e2e
@fuzz_settings(examples=5)
@given(data=st.data())
async def test_a_client_with_a_hostile_name_and_story_files_a_complaint_amid_updates_of_every_kind_and_staff_export_the_register(  # noqa: E501
    fuzz: Fuzz, data: st.DataObject
) -> None:
    await fuzz.heal()
    try:
        before = await _before(fuzz)
        first, last = data.draw(st.tuples(NAMES, NAMES), label="the client's name")
        story = "Facture " + data.draw(STORIES, label="the client's story")
        client = fuzz.r.emulator.user(next(fuzz.clients), first, last)
        pushed: list[Pushed] = []
        sent: list[str] = []
        for step, (action, label) in enumerate(FILING):
            pushed += await _batch(fuzz, data, 2, f"before step {step}: {label}")
            try:
                sent = await _client_step(fuzz, client, action, label.format(story=story))
            except AssertionError as error:
                raise AssertionError(_report(fuzz, [str(error)], pushed)) from None
        assert sent[0].startswith("✅ Votre réclamation est enregistrée sous la référence REC-")
        [complaint] = await fuzz.r.complaints_of(client)
        assert complaint.reference in sent[0]
        assert complaint.category == "billing"
        await _register_arrives(fuzz, pushed)
        await _check(fuzz, pushed, before)
    except BaseException:
        fuzz.broken = True
        raise


def test_the_fuzzers_well_formed_updates_parse_on_both_libraries_and_its_malformed_ones_do_not() -> (  # noqa: E501
    None
):
    """The fuzzer's own check: ``malformed`` is honest, so the test's exemption for those
    updates is no wider than it must be."""
    user = {"id": 20_001, "is_bot": False, "first_name": "A"}
    chat = {"id": 20_001, "type": "private", "first_name": "A"}
    mine = {
        "message_id": 3,
        "date": 1,
        "chat": chat,
        "from": {"id": 42, "is_bot": True, "first_name": "Reclam"},
        "text": "?",
        "reply_markup": {"inline_keyboard": [[{"text": "Oui", "callback_data": "c|y"}]]},
    }
    scene = Scene(
        bot={"id": 42, "is_bot": True, "first_name": "Reclam", "username": "reclam_bot"},
        staff_group={"id": -1001, "type": "supergroup", "title": "Équipe", "is_forum": True},
        staff=(101, 102),
        strangers=(user["id"], 2**33 + 7),
        other_group={"id": -1002, "type": "supergroup", "title": "Autre"},
        channel={"id": -1003, "type": "channel", "title": "Chaîne"},
        files=(("F1", "u1"),),
    )
    worlds = (World(), World((1000,), (mine,), (Button(20_001, mine, "c|y"),)))
    refused_by_one: set[str] = set()

    @settings(max_examples=150, deadline=None, database=None)
    @given(updates(scene), st.sampled_from(worlds))
    def check(draft: Draft, world: World) -> None:
        payload = resolve(draft.payload, scene, world)
        if draft.kind in MESSAGE_KINDS and isinstance(payload, dict):
            payload = {"message_id": 7} | payload  # what storing it in its chat gives
        raw: Json = {"update_id": 1, draft.kind: payload}
        failures = []
        try:
            aiogram.types.Update.model_validate(raw)
        except Exception as error:
            failures.append(f"aiogram: {error}")
        try:
            telegram.Update.de_json(raw, None)
        except Exception as error:
            failures.append(f"ptb: {error!r}")
        if draft.malformed:
            assert failures, f"{draft.describe()} parses everywhere"
            refused_by_one.add(draft.malformed)
        else:
            assert not failures, f"{draft.describe()}: {failures}"

    check()
    assert refused_by_one, "no malformed update was drawn"
