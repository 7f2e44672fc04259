"""Hypothesis strategies for raw Bot API updates: every kind of update, every kind of
message, nasty texts and odd users, and updates no library can parse.

An update is drawn as a ``Draft``: its kind (the Update field), its payload, and whether it
breaks the Bot API schema on purpose (``malformed``, with the reason). What the bot can
act on must exist in the emulated world, as it would on Telegram: the chats and files of
the ``Scene``, and the topics, messages and buttons the bot made while running. Those
change as the bot runs, and a strategy must draw the same way whatever the world holds
(hypothesis replays and shrinks examples), so a draft names them by a ``Pick``: an index
resolved against the ``World`` when the update is pushed (``resolve``). The fuzz test
also stores message drafts in their emulated chat, which gives them a real
``message_id``, and registers callback queries so that they can be answered."""

from __future__ import annotations

import functools
import string
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from hypothesis import strategies as st

Json = dict[str, Any]
NOW = int(time.time())
#: update kinds whose payload is a Message
MESSAGE_KINDS = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_message",
        "edited_business_message",
        "guest_message",
    }
)
GROUP_ANONYMOUS_BOT = 1087968824
T = TypeVar("T")


def compact(factory: Callable[..., st.SearchStrategy[T]]) -> Callable[..., st.SearchStrategy[T]]:
    """The strategy, shown by its name only: hypothesis would otherwise print the whole
    tree of strategies in its notes (and warn that the text is too large)."""

    @functools.wraps(factory)
    def named(*args: Any, **kwargs: Any) -> st.SearchStrategy[T]:
        def build() -> st.SearchStrategy[T]:
            return factory(*args, **kwargs)

        build.__name__ = build.__qualname__ = factory.__name__
        return st.deferred(build)

    return named


def weighted(*choices: tuple[int, st.SearchStrategy[T]]) -> st.SearchStrategy[T]:
    """One of the strategies, in proportion to its weight (``one_of`` flattens nested
    choices and merges equal ones, which loses any weighting)."""
    pool = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.integers(0, len(pool) - 1).flatmap(lambda i: pool[i])


@dataclass(frozen=True)
class Button:
    """A callback button the bot really sent: the message it sits on, and its data."""

    chat_id: int
    message: Json
    data: str


@dataclass(frozen=True)
class Scene:
    """What exists in the emulated world from the start, whatever the bot does."""

    bot: Json  # the bot, as a User
    staff_group: Json  # Chat JSON
    staff: tuple[int, ...]  # the staff members' user ids
    strangers: tuple[int, ...]  # people who write to the bot (their private chats exist)
    other_group: Json  # a group the bot is in that is not the staff group
    channel: Json  # a channel where the bot is an administrator
    files: tuple[tuple[str, str], ...]  # (file_id, file_unique_id) Telegram keeps

    def __repr__(self) -> str:
        return f"Scene(bot {self.bot['id']}, {len(self.strangers)} strangers)"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # hypothesis's printer
        printer.text(repr(self))


@dataclass(frozen=True)
class World:
    """What the running bot made so far: forum topics, its messages and their buttons."""

    topics: tuple[int, ...] = ()  # the staff group's forum topics
    bot_messages: tuple[Json, ...] = ()
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class Pick:
    """Something of the ``World``, chosen when the update is pushed: the ``index``-th
    (modulo how many there are then) of ``what``, or ``fallback`` when there is none
    (``OMIT``: the field is left out). Under the key ``SPREAD``, the fields it resolves
    to are merged into the object that holds it."""

    what: str  # topic, bot_message, message_ref, press
    index: int
    chat_id: int | None = None  # only in that chat
    fallback: Any = None
    variant: str = ""  # for presses: own, card, stolen, gone


SPREAD = "<spread>"
OMIT = None


@dataclass(frozen=True)
class Draft:
    """One update to push, before the emulator gives it its ``update_id``."""

    kind: str
    payload: Any
    malformed: str = ""  # why the update breaks the Bot API schema; empty when it does not
    chat_id: int | None = None  # the emulated chat to store a message in (real message_id)
    sender_id: int | None = None

    @property
    def private_text(self) -> bool:
        """A text (or command) a person wrote in their private chat with the bot: it must
        be answered."""
        if self.kind != "message" or self.malformed or not isinstance(self.payload, dict):
            return False
        chat, sender = self.payload.get("chat") or {}, self.payload.get("from") or {}
        return (
            chat.get("type") == "private"
            and "text" in self.payload
            and not sender.get("is_bot", True)
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # hypothesis's printer
        printer.text(self.describe())

    def __repr__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        text = repr({self.kind: self.payload})
        why = f" [malformed: {self.malformed}]" if self.malformed else ""
        return (text if len(text) < 600 else text[:600] + "…") + why


# -- texts ----------------------------------------------------------------------------

#: HTML-looking content, right-to-left and invisible characters, control characters,
#: format strings, and words the dialogue knows
NASTY = (
    "<x>",
    "a&b",
    "<b>unclosed",
    "</i>",
    "<b><i>crossed</b></i>",
    '<a href="javascript:alert(1)">x</a>',
    "<script>alert(1)</script>",
    "&lt;",
    "&amp;",
    "&#x27;",
    "&nbsp;",
    "&",
    "<",
    ">",
    "<tg-spoiler>",
    "<!-- -->",
    "\u202e",  # right-to-left override
    "\u202eגדול\u202c",
    "مرحبا بالعالم",
    "שלום עולם",
    "\u200b",  # zero width space
    "\u200c\u200d",
    "\u2066\u2069",
    "\ufeff",
    "e\u0301\u0301\u0301\u0301",  # combining accents
    "Z\u0335\u0321\u031b\u0347a\u0336\u034el\u0338g\u0334o",
    "𝕳𝖊𝖑𝖑𝖔",
    "👨\u200d👩\u200d👧\u200d👦",
    "🇫🇷",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\r\n",
    "\t",
    "\u2028",
    "%s",
    "{0}",
    "%(name)s",
    "'; DROP TABLE complaints; --",
    "REC-2026-0001",
    "03/11/2026",
    "31/02/2026",
    "lea@example.org",
    "06 12 34 56 78",
    "D-2026-117",
)
CLIENT_COMMANDS = (
    "/start",
    "/start complaint",
    "/start <x>",
    "/help",
    "/mycomplaints",
    "/language",
    "/cancel",
    "/mydata",
    "/forget",
    "/start@reclam_bot",
    "/help@other_bot",
    "/START",
    "/weather",
    "/<x>",
    "/a&b",
    "/<b>unclosed",
    "/",
    "/ start",
)
STAFF_COMMANDS = (
    "/open",
    "/overdue",
    "/show",
    "/show REC-2026-0001",
    "/show <x>",
    "/find a&b",
    "/find <b>",
    "/staff",
    "/register",
    "/erase",
    "/erase REC-1999-0001",
    "/meeting status",
)
CHARACTERS = st.characters(exclude_categories=("Cs",))  # Telegram sends valid UTF-8 only


def _long(fragment: str, size: int) -> str:
    return (fragment * (size // max(len(fragment), 1) + 1))[:size]


@compact
def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Message texts: nasty fragments, commands, random Unicode, empty, over 4096."""
    pieces = st.one_of(st.sampled_from(NASTY), st.text(CHARACTERS, max_size=12))
    return st.one_of(
        st.sampled_from(NASTY),
        st.sampled_from(CLIENT_COMMANDS + STAFF_COMMANDS),
        st.lists(pieces, min_size=1, max_size=8).map("".join),
        st.builds(
            lambda command, rest: f"{command} {rest}",
            st.sampled_from(CLIENT_COMMANDS + STAFF_COMMANDS),
            st.lists(pieces, max_size=4).map("".join),
        ),
        st.text(CHARACTERS, max_size=max_size),
        st.just(""),
        st.builds(
            _long,
            st.sampled_from(["a", "<x>", "a&b ", "é\u0301", "مرحبا ", "👍", "/start "]),
            st.integers(4097, 5000),
        ),
    )


def short_texts() -> st.SearchStrategy[str]:
    """Titles, names, queries: nasty but short."""
    return st.one_of(st.sampled_from(NASTY), st.text(CHARACTERS, min_size=1, max_size=30))


# -- people and chats -----------------------------------------------------------------

LANGUAGES = ("fr", "en", "xx", "zh-hans", "pt-br", "fr-FR", "EN", "", "ar", "he", "de")


@st.composite
def users(draw: st.DrawFn, ids: tuple[int, ...], is_bot: bool = False) -> Json:
    """A Telegram user with that id: without username or last name, with odd names and
    language codes, or none."""
    user: Json = {
        "id": draw(st.sampled_from(ids)),
        "is_bot": is_bot,
        "first_name": draw(
            st.one_of(st.sampled_from(NASTY), st.text(CHARACTERS, min_size=1, max_size=64))
        ),
    }
    if draw(st.booleans()):
        user["last_name"] = draw(short_texts())
    if draw(st.booleans()):
        user["username"] = draw(
            st.text(string.ascii_letters + string.digits + "_", min_size=5, max_size=32)
        )
    if not is_bot and draw(st.integers(0, 3)):
        user["language_code"] = draw(st.sampled_from(LANGUAGES))
    if draw(st.integers(0, 5)) == 0:
        user["is_premium"] = True
    return user


def private_chat(user: Json) -> Json:
    chat: Json = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
    for key in ("last_name", "username"):
        if key in user:
            chat[key] = user[key]
    return chat


def people(scene: Scene) -> st.SearchStrategy[Json]:
    return users(scene.strangers + scene.staff)


def groups(scene: Scene) -> st.SearchStrategy[Json]:
    return st.sampled_from([scene.staff_group, scene.other_group])


def any_chat(scene: Scene) -> st.SearchStrategy[Json]:
    return st.one_of(groups(scene), st.just(scene.channel), people(scene).map(private_chat))


# -- message contents -------------------------------------------------------------------


@st.composite
def _file(draw: st.DrawFn, scene: Scene, **extra: Any) -> Json:
    file_id, unique = draw(st.sampled_from(scene.files))
    described: Json = {"file_id": file_id, "file_unique_id": unique}
    if draw(st.booleans()):
        described["file_size"] = draw(st.integers(0, 50_000_000))
    return described | extra


def _photo(scene: Scene) -> st.SearchStrategy[list[Json]]:
    size = _file(scene, width=90, height=60)
    return st.lists(size, min_size=1, max_size=3)


def entities_for(text: str) -> list[Json]:
    """A bot_command entity, as Telegram marks a leading command."""
    if not text.startswith("/") or len(text) < 2 or text[1].isspace():
        return []
    command = text.split()[0]
    return [{"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}]


@st.composite
def text_content(draw: st.DrawFn) -> Json:
    text = draw(texts())
    content: Json = {"text": text}
    if entities := entities_for(text):
        content["entities"] = entities
    elif text and draw(st.integers(0, 4)) == 0:
        content["entities"] = [{"type": "bold", "offset": 0, "length": 1}]
    return content


def _caption(content: st.SearchStrategy[Json]) -> st.SearchStrategy[Json]:
    return st.builds(
        lambda body, caption: body | ({"caption": caption} if caption is not None else {}),
        content,
        st.none() | texts(20).map(lambda t: t[:1024]),
    )


def _user_json(scene: Scene) -> st.SearchStrategy[Json]:
    return people(scene)


def _inaccessible(scene: Scene) -> st.SearchStrategy[Json]:
    return st.builds(
        lambda chat, message_id: {"chat": chat, "message_id": message_id, "date": 0},
        any_chat(scene),
        st.integers(1, 10_000),
    )


INDEX = st.integers(0, 2**16)


def _poll(revoting: bool = True, persistent: bool = True) -> st.SearchStrategy[Json]:
    """A poll in the newest Bot API's shape, or without the fields that Bot API 9.6
    (``persistent``: the options' ids) or 10.x (``revoting``) made required."""

    def make(question: str, options: list[str], anonymous: bool, quiz: bool) -> Json:
        poll: Json = {
            "id": "5" + str(abs(hash(question)) % 10**12),
            "question": question[:300],
            "options": [
                {"text": o[:100], "voter_count": i}
                | ({"persistent_id": f"o{i}"} if persistent else {})
                for i, o in enumerate(options)
            ],
            "total_voter_count": len(options),
            "is_closed": False,
            "is_anonymous": anonymous,
            "type": "quiz" if quiz else "regular",
            "allows_multiple_answers": False,
        }
        if revoting:
            poll |= {"allows_revoting": True, "members_only": False}
        if quiz:
            poll["correct_option_ids"] = [0]
        return poll

    return st.builds(
        make,
        short_texts(),
        st.lists(short_texts(), min_size=2, max_size=4),
        st.booleans(),
        st.booleans(),
    )


@compact
def contents(scene: Scene, group: bool) -> st.SearchStrategy[Json]:
    """The content of a message: every content type, service messages in groups."""
    everywhere = [
        _caption(st.builds(lambda p: {"photo": p}, _photo(scene))),
        _caption(st.builds(lambda d: {"document": d}, _file(scene, file_name="a<x>&b.pdf"))),
        _caption(st.builds(lambda d: {"document": d}, _file(scene))),
        _caption(st.builds(lambda v: {"voice": v}, _file(scene, duration=3))),
        _caption(st.builds(lambda v: {"video": v}, _file(scene, width=1, height=1, duration=1))),
        st.builds(lambda v: {"video_note": v}, _file(scene, length=240, duration=2)),
        _caption(st.builds(lambda a: {"audio": a}, _file(scene, duration=200, title="<x>"))),
        _caption(
            st.builds(
                lambda a: {"animation": a, "document": a},
                _file(scene, width=2, height=2, duration=1),
            )
        ),
        st.builds(
            lambda s, emoji: {"sticker": s | ({"emoji": emoji} if emoji else {})},
            _file(scene, type="regular", width=512, height=512, is_animated=False, is_video=False),
            st.sampled_from(["", "😀", "👍"]),
        ),
        st.builds(
            lambda phone, name: {"contact": {"phone_number": phone, "first_name": name}},
            st.sampled_from(["+33612345678", "<x>", ""]),
            short_texts(),
        ),
        st.builds(
            lambda lat, lon: {"location": {"latitude": lat, "longitude": lon}},
            st.floats(-90, 90),
            st.floats(-180, 180),
        ),
        st.builds(
            lambda title, address: {
                "venue": {
                    "location": {"latitude": 48.85, "longitude": 2.35},
                    "title": title,
                    "address": address,
                },
                "location": {"latitude": 48.85, "longitude": 2.35},
            },
            short_texts(),
            short_texts(),
        ),
        _poll().map(lambda p: {"poll": p}),
        st.builds(
            lambda emoji, value: {"dice": {"emoji": emoji, "value": value}},
            st.sampled_from(["🎲", "🎯", "🏀", "⚽", "🎳", "🎰"]),
            st.integers(1, 64),
        ),
        st.builds(
            lambda title, photo: {"game": {"title": title, "description": "<x>", "photo": photo}},
            short_texts(),
            _photo(scene),
        ),
        st.builds(
            lambda index, gone: {"pinned_message": Pick("bot_message", index, fallback=gone)},
            INDEX,
            _inaccessible(scene),
        ),
        st.just({"write_access_allowed": {"from_request": True}}),
        st.builds(
            lambda data: {"web_app_data": {"data": data, "button_text": "<x>"}}, short_texts()
        ),
        st.builds(
            lambda uid: {"users_shared": {"request_id": 1, "users": [{"user_id": uid}]}},
            st.integers(1, 2**40),
        ),
        st.builds(
            lambda title: {"checklist": {"title": title, "tasks": [{"id": 1, "text": "<x> a&b"}]}},
            short_texts(),
        ),
        st.just(
            {
                "successful_payment": {
                    "currency": "EUR",
                    "total_amount": 4200,
                    "invoice_payload": "<x>",
                    "telegram_payment_charge_id": "t1",
                    "provider_payment_charge_id": "p1",
                }
            }
        ),
        st.builds(
            lambda chat: {"story": {"chat": chat, "id": 7}},
            any_chat(scene),
        ),
    ]
    service = [
        st.builds(
            lambda members: {"new_chat_members": members},
            st.lists(people(scene), min_size=1, max_size=3),
        ),
        st.builds(lambda member: {"left_chat_member": member}, people(scene)),
        st.builds(lambda member: {"left_chat_member": member}, st.just(scene.bot)),
        st.builds(lambda title: {"new_chat_title": title}, short_texts()),
        st.just({"delete_chat_photo": True}),
        st.just({"group_chat_created": True}),
        st.builds(
            lambda name: {"forum_topic_created": {"name": name[:128], "icon_color": 7322096}},
            short_texts(),
        ),
        st.builds(lambda name: {"forum_topic_edited": {"name": name[:128]}}, short_texts()),
        st.just({"forum_topic_closed": {}}),
        st.just({"forum_topic_reopened": {}}),
        st.just({"general_forum_topic_hidden": {}}),
        st.just({"video_chat_started": {}}),
        st.just({"boost_added": {"boost_count": 2}}),
        st.builds(
            lambda traveler, watcher: {
                "proximity_alert_triggered": {
                    "traveler": traveler,
                    "watcher": watcher,
                    "distance": 5,
                }
            },
            people(scene),
            people(scene),
        ),
    ]
    others = st.one_of(*(everywhere + service if group else everywhere))
    return weighted((1, text_content()), (1, others))  # texts reach the most code


# -- messages --------------------------------------------------------------------------


@st.composite
def messages(draw: st.DrawFn, scene: Scene, kind: str = "message") -> Draft:
    """A message, in a private chat, the staff group (in a topic or not), another group
    or the channel, from a person, another bot or an anonymous administrator."""
    where = draw(st.sampled_from(["private", "private", "private", "staff", "other", "channel"]))
    if kind in ("channel_post", "edited_channel_post"):
        where = "channel"
    elif where == "channel":
        where = "staff"
    body: Json = {"date": NOW}
    if where == "channel":
        chat, sender = scene.channel, None
        body["sender_chat"] = scene.channel
        if draw(st.booleans()):
            body["author_signature"] = draw(short_texts())
    else:
        chat = scene.staff_group if where == "staff" else scene.other_group
        if where == "staff" and draw(st.integers(0, 2)) == 0:
            sender = draw(users(scene.staff))
        else:
            sender = draw(people(scene))
        if where == "private":
            chat = private_chat(sender)
        elif draw(st.integers(0, 6)) == 0:  # another bot, or an anonymous administrator
            sender = draw(
                st.sampled_from(
                    [
                        {"id": 987654321, "is_bot": True, "first_name": "Other bot"},
                        {"id": GROUP_ANONYMOUS_BOT, "is_bot": True, "first_name": "Group"},
                    ]
                )
            )
            if sender["id"] == GROUP_ANONYMOUS_BOT:
                body["sender_chat"] = chat
        body["from"] = sender
    body["chat"] = chat
    body |= draw(contents(scene, group=where != "private"))
    if where == "staff" and draw(st.booleans()):
        body[SPREAD] = Pick("topic", draw(INDEX), fallback={})
    if kind.startswith("edited_"):
        body["edit_date"] = NOW + 1
    if kind in ("business_message", "edited_business_message"):
        body["business_connection_id"] = "bc-1"
    if draw(st.integers(0, 5)) == 0 and where != "channel":
        body["forward_origin"] = draw(
            st.one_of(
                people(scene).map(lambda u: {"type": "user", "date": NOW, "sender_user": u}),
                short_texts().map(
                    lambda n: {"type": "hidden_user", "date": NOW, "sender_user_name": n}
                ),
            )
        )
    if draw(st.integers(0, 6)) == 0:
        body["via_bot"] = {"id": 55555, "is_bot": True, "first_name": "gif", "username": "gif"}
    in_emulator = kind in ("message", "edited_message", "channel_post", "edited_channel_post")
    if in_emulator and draw(st.integers(0, 4)) == 0:
        body["reply_to_message"] = Pick("bot_message", draw(INDEX), chat["id"], fallback=OMIT)
    if not in_emulator:  # a business or guest chat: not one the emulator plays
        body["message_id"] = draw(st.integers(1, 2**31 - 1))
    sender_id = body["from"]["id"] if "from" in body else None
    return Draft(kind, body, chat_id=chat["id"] if in_emulator else None, sender_id=sender_id)


# -- other kinds of update ---------------------------------------------------------------

ADMIN_RIGHTS = dict.fromkeys(
    (
        "can_be_edited",
        "is_anonymous",
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_promote_members",
        "can_change_info",
        "can_invite_users",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
        "can_send_welcome_messages",
        "can_manage_topics",
        "can_pin_messages",
    ),
    False,
)


def chat_members(user: Json) -> st.SearchStrategy[Json]:
    return st.sampled_from(
        [
            {"status": "member", "user": user},
            {"status": "left", "user": user},
            {"status": "kicked", "user": user, "until_date": 0},
            {"status": "creator", "user": user, "is_anonymous": False},
            {"status": "administrator", "user": user} | ADMIN_RIGHTS,
        ]
    )


@st.composite
def member_updates(draw: st.DrawFn, scene: Scene, kind: str) -> Draft:
    """The bot (my_chat_member) or someone (chat_member) joins, leaves, is blocked…"""
    actor = draw(people(scene))
    chat = draw(st.one_of(groups(scene), st.just(private_chat(actor))))
    subject = scene.bot if kind == "my_chat_member" else draw(people(scene))
    payload = {
        "chat": chat,
        "from": actor,
        "date": NOW,
        "old_chat_member": draw(chat_members(subject)),
        "new_chat_member": draw(chat_members(subject)),
    }
    return Draft(kind, payload)


def _reaction() -> st.SearchStrategy[Json]:
    return st.one_of(
        st.sampled_from(["👍", "👎", "❤", "🔥", "🤡"]).map(
            lambda e: {"type": "emoji", "emoji": e}
        ),
        st.just({"type": "custom_emoji", "custom_emoji_id": "5368324170671202286"}),
        st.just({"type": "paid"}),
    )


def _message_ref(scene: Scene) -> st.SearchStrategy[Pick]:
    """A chat and the id of a message in it (the bot's, when there are some)."""
    return st.builds(
        lambda index, chat, message_id: Pick(
            "message_ref", index, fallback={"chat": chat, "message_id": message_id}
        ),
        INDEX,
        any_chat(scene),
        st.integers(1, 1000),
    )


@compact
def other_updates(scene: Scene) -> st.SearchStrategy[Draft]:
    """Every kind of update that is not a message or a button press."""
    person = people(scene)
    return st.one_of(
        member_updates(scene, "my_chat_member"),
        member_updates(scene, "chat_member"),
        st.builds(
            lambda who, chat, bio: Draft(
                "chat_join_request",
                {"chat": chat, "from": who, "user_chat_id": who["id"], "date": NOW}
                | ({"bio": bio} if bio else {}),
            ),
            person,
            groups(scene),
            st.none() | short_texts(),
        ),
        st.builds(
            lambda who, query, chat_type: Draft(
                "inline_query",
                {"id": "iq1", "from": who, "query": query[:256], "offset": ""}
                | ({"chat_type": chat_type} if chat_type else {}),
            ),
            person,
            texts(20),
            st.sampled_from(["", "sender", "private", "group", "supergroup", "channel"]),
        ),
        st.builds(
            lambda who, query: Draft(
                "chosen_inline_result",
                {"result_id": "r1", "from": who, "query": query[:256], "inline_message_id": "im1"},
            ),
            person,
            texts(20),
        ),
        st.builds(
            lambda who, street: Draft(
                "shipping_query",
                {
                    "id": "sq1",
                    "from": who,
                    "invoice_payload": "<x>",
                    "shipping_address": {
                        "country_code": "FR",
                        "state": "",
                        "city": "Paris",
                        "street_line1": street,
                        "street_line2": "",
                        "post_code": "75001",
                    },
                },
            ),
            person,
            short_texts(),
        ),
        st.builds(
            lambda who, amount: Draft(
                "pre_checkout_query",
                {
                    "id": "pcq1",
                    "from": who,
                    "currency": "EUR",
                    "total_amount": amount,
                    "invoice_payload": "a&b",
                },
            ),
            person,
            st.integers(1, 10**6),
        ),
        _poll().map(lambda p: Draft("poll", p)),
        st.builds(
            lambda who, options: Draft(
                "poll_answer",
                {
                    "poll_id": "5123",
                    "user": who,
                    "option_ids": options,
                    "option_persistent_ids": [f"o{i}" for i in options],
                },
            ),
            person,
            st.lists(st.integers(0, 3), max_size=2, unique=True),
        ),
        st.builds(
            lambda ref, who, old, new: Draft(
                "message_reaction",
                {
                    SPREAD: ref,
                    "user": who,
                    "date": NOW,
                    "old_reaction": old,
                    "new_reaction": new,
                },
            ),
            _message_ref(scene),
            person,
            st.lists(_reaction(), max_size=2),
            st.lists(_reaction(), max_size=2),
        ),
        st.builds(
            lambda ref, reaction, count: Draft(
                "message_reaction_count",
                {
                    SPREAD: ref,
                    "date": NOW,
                    "reactions": [{"type": reaction, "total_count": count}],
                },
            ),
            _message_ref(scene),
            _reaction(),
            st.integers(0, 10**6),
        ),
        st.builds(
            lambda who, enabled: Draft(
                "business_connection",
                {
                    "id": "bc-1",
                    "user": who,
                    "user_chat_id": who["id"],
                    "date": NOW,
                    "can_reply": True,
                    "is_enabled": enabled,
                },
            ),
            person,
            st.booleans(),
        ),
        messages(scene, "business_message"),
        messages(scene, "edited_business_message"),
        st.builds(
            lambda who: Draft(
                "deleted_business_messages",
                {
                    "business_connection_id": "bc-1",
                    "chat": private_chat(who),
                    "message_ids": [1, 2],
                },
            ),
            person,
        ),
        st.builds(
            lambda who, chat: Draft(
                "chat_boost",
                {
                    "chat": chat,
                    "boost": {
                        "boost_id": "b1",
                        "add_date": NOW,
                        "expiration_date": NOW + 86400,
                        "source": {"source": "premium", "user": who},
                    },
                },
            ),
            person,
            st.sampled_from([scene.channel, scene.staff_group]),
        ),
        st.builds(
            lambda who: Draft(
                "removed_chat_boost",
                {
                    "chat": scene.channel,
                    "boost_id": "b1",
                    "remove_date": NOW,
                    "source": {"source": "premium", "user": who},
                },
            ),
            person,
        ),
        st.builds(
            lambda who: Draft("purchased_paid_media", {"from": who, "paid_media_payload": "<x>"}),
            person,
        ),
        messages(scene, "guest_message"),  # Bot API 10: aiogram knows it, PTB does not
        st.builds(
            lambda who: Draft(  # Bot API 9.x: a bot the person created through this one
                "managed_bot",
                {
                    "user": who,
                    "bot": {
                        "id": 424242,
                        "is_bot": True,
                        "first_name": "<x>",
                        "username": "x_bot",
                    },
                },
            ),
            person,
        ),
        st.builds(
            lambda payload: Draft("future_thing", payload),  # a kind nobody knows yet
            st.dictionaries(
                st.sampled_from(["id", "chat", "from", "text", "data", "items"]),
                st.one_of(st.integers(), short_texts(), st.lists(st.integers(), max_size=3)),
                max_size=4,
            ),
        ),
        st.builds(
            lambda chat: Draft("future_thing", {"chat": chat, "from": chat}), any_chat(scene)
        ),
    )


# -- button presses ----------------------------------------------------------------------

FORGED_DATA = (
    "not-ours",
    "",
    "c|",
    "c|wdy|REC-2026-0001",
    "c|wdy|<x>",
    "s|",
    "s|ack|REC-2026-0001",
    "s|x|99999999999999999999",
    "mr|",
    "mr|1",
    "|||",
    "<x>",
    "a&b",
    "é" * 32,
    "x" * 64,
)


@st.composite
def presses(draw: st.DrawFn, scene: Scene) -> Draft:
    """Button presses: one's own real button, a card's button in the staff group pressed
    by anyone, another person's button data in one's own chat, a message the bot can no
    longer read; forged or stale data, an inline message's button, a game button."""
    who = draw(people(scene))
    data = draw(st.one_of(st.sampled_from(FORGED_DATA), st.text(CHARACTERS, max_size=20)))
    query: Json = {
        "id": "",  # given when pushed
        "from": who,
        "chat_instance": "ci",
        "inline_message_id": "im1",
        "data": data.encode()[:64].decode(errors="ignore"),
    }
    variant = draw(st.sampled_from(["own", "own", "own", "card", "stolen", "gone", "inline"]))
    if variant == "inline" and draw(st.booleans()):
        del query["data"]
        query["game_short_name"] = "race"
    elif variant != "inline":
        query[SPREAD] = Pick("press", draw(INDEX), variant=variant, fallback={})
    return Draft("callback_query", query, sender_id=who["id"])


def _press(pick: Pick, query: Json, scene: Scene, world: World) -> Json:
    """The message and data of a press, from the buttons the bot really sent."""
    people = scene.strangers + scene.staff
    if pick.variant == "own":
        own = [b for b in world.buttons if b.chat_id in people]
        if own:
            button = own[pick.index % len(own)]
            who = query["from"] | {"id": button.chat_id}
            return _pressed(who, button.message, button.data)
    elif pick.variant == "card":
        cards = [b for b in world.buttons if b.chat_id == scene.staff_group["id"]]
        if cards:
            button = cards[pick.index % len(cards)]
            return _pressed(query["from"], button.message, button.data)
    else:
        mine = [m for m in world.bot_messages if m["chat"]["id"] == query["from"]["id"]]
        if mine and pick.variant == "gone":
            message = mine[pick.index % len(mine)]
            gone = {"chat": message["chat"], "message_id": message["message_id"], "date": 0}
            return _pressed(query["from"], gone, query.get("data"))
        if mine and world.buttons:  # stolen: another chat's button data, pressed here
            button = world.buttons[pick.index % len(world.buttons)]
            return _pressed(query["from"], mine[pick.index % len(mine)], button.data)
    return {}


def _pressed(who: Json, message: Json, data: str | None) -> Json:
    pressed = {"from": who, "message": message, "chat_instance": str(message["chat"]["id"])}
    return pressed | ({"data": data} if data is not None else {}) | {"inline_message_id": None}


def resolve(value: Any, scene: Scene, world: World) -> Any:
    """The payload with each ``Pick`` replaced by what it names in the running world."""
    if isinstance(value, list):
        return [resolve(v, scene, world) for v in value]
    if not isinstance(value, dict):
        return value
    resolved: Json = {}
    for key, item in value.items():
        if key == SPREAD:
            continue
        if isinstance(item, Pick):
            item = _pick(item, resolved, scene, world)
            if item is OMIT:
                continue
        resolved[key] = resolve(item, scene, world)
    spread = value.get(SPREAD)
    if isinstance(spread, Pick):
        for key, item in _pick(spread, resolved, scene, world).items():
            if item is None:
                resolved.pop(key, None)
            else:
                resolved[key] = item
    return resolved


def _pick(pick: Pick, parent: Json, scene: Scene, world: World) -> Any:
    if pick.what == "press":
        return _press(pick, parent, scene, world)
    if pick.what == "topic":
        if not world.topics:
            return pick.fallback
        topic = world.topics[pick.index % len(world.topics)]
        return {"message_thread_id": topic, "is_topic_message": True}
    messages = [
        m for m in world.bot_messages if pick.chat_id is None or m["chat"]["id"] == pick.chat_id
    ]
    if not messages:
        return pick.fallback
    message = messages[pick.index % len(messages)]
    if pick.what == "message_ref":
        return {"chat": message["chat"], "message_id": message["message_id"]}
    return {k: v for k, v in message.items() if k != "reply_to_message"}


# -- updates the installed libraries cannot parse ----------------------------------------


def _broken_message(why: str, change: Any) -> st.SearchStrategy[Draft]:
    return st.builds(
        lambda text: Draft(
            "message",
            change({"message_id": 999, "date": NOW, "text": text}),
            malformed=why,
        ),
        short_texts(),
    )


@compact
def malformed(scene: Scene) -> st.SearchStrategy[Draft]:
    """Updates that break the Bot API schema: what the installed library cannot parse."""
    stranger = {"id": scene.strangers[0], "is_bot": False, "first_name": "Ana"}
    chat = private_chat(stranger)
    return st.one_of(
        _poll(revoting=False).map(
            lambda p: Draft("poll", p, malformed="a poll without Bot API 10's required fields")
        ),
        _poll(revoting=False, persistent=False).map(
            lambda p: Draft("poll", p, malformed="a poll in Bot API 9.5's shape")
        ),
        _poll().map(
            lambda p: Draft(
                "poll",
                {k: v for k, v in p.items() if k != "total_voter_count"},
                malformed="a poll without total_voter_count",
            )
        ),
        st.just(
            Draft(
                "poll_answer",
                {"poll_id": "5123", "user": stranger, "option_ids": [0]},
                malformed="a poll answer without option_persistent_ids",
            )
        ),
        _broken_message(
            "a chat without its type",
            lambda m: m | {"chat": {"id": chat["id"]}, "from": stranger},
        ),
        _broken_message("a message without a chat", lambda m: m | {"from": stranger}),
        _broken_message(
            "a date that is not a number",
            lambda m: m | {"chat": chat, "from": stranger, "date": "yesterday"},
        ),
        _broken_message(
            "a message_id that is not a number",
            lambda m: m | {"chat": chat, "from": stranger, "message_id": "seven"},
        ),
        _broken_message(
            "a sender without a first name",
            lambda m: m | {"chat": chat, "from": {"id": stranger["id"], "is_bot": False}},
        ),
        _broken_message("a sender that is a string", lambda m: m | {"chat": chat, "from": "Ana"}),
        _broken_message(
            "a text that is an object",
            lambda m: m | {"chat": chat, "from": stranger, "text": {"t": "hi"}},
        ),
        st.just(Draft("message", "hello", malformed="a message that is a string")),
        st.just(Draft("message", [1, 2], malformed="a message that is a list")),
        st.just(
            Draft(
                "callback_query",
                {"id": "cq-broken", "from": stranger, "data": "x"},
                malformed="a callback query without chat_instance",
            )
        ),
        st.just(
            Draft(
                "callback_query",
                {"id": "cq-broken2", "chat_instance": "1", "from": {"first_name": "A"}},
                malformed="a callback query from someone without an id",
            )
        ),
        st.just(
            Draft(
                "my_chat_member",
                {"chat": chat, "from": stranger, "date": NOW},
                malformed="a member update without old and new member",
            )
        ),
    )


# -- all together ----------------------------------------------------------------------


@compact
def updates(scene: Scene) -> st.SearchStrategy[Draft]:
    """Any update a bot may receive, mostly messages and presses, some malformed."""
    return weighted(
        (8, messages(scene)),
        (4, presses(scene)),
        (1, messages(scene, "edited_message")),
        (1, messages(scene, "channel_post")),
        (1, messages(scene, "edited_channel_post")),
        (4, other_updates(scene)),
        (2, malformed(scene)),
    )


@compact
def well_formed_updates(scene: Scene) -> st.SearchStrategy[Draft]:
    return st.one_of(
        messages(scene),
        messages(scene, "edited_message"),
        messages(scene, "channel_post"),
        messages(scene, "edited_channel_post"),
        presses(scene),
        other_updates(scene),
    )


@dataclass
class Tally:
    """How many updates of each kind a run pushed (shown when a run ends)."""

    kinds: dict[str, int] = field(default_factory=dict)

    def add(self, draft: Draft) -> None:
        key = draft.kind
        if draft.kind in MESSAGE_KINDS and isinstance(draft.payload, dict):
            content = next((k for k in draft.payload if k not in MESSAGE_ENVELOPE), "empty")
            key = f"{draft.kind}.{content}"
        if draft.malformed:
            key = f"malformed {draft.kind}"
        self.kinds[key] = self.kinds.get(key, 0) + 1


#: the fields of a Message that are not its content
MESSAGE_ENVELOPE = frozenset(
    {
        "message_id",
        "date",
        "chat",
        "from",
        "sender_chat",
        "author_signature",
        "message_thread_id",
        "is_topic_message",
        "edit_date",
        "business_connection_id",
        "forward_origin",
        "via_bot",
        "reply_to_message",
        "entities",
        "caption",
    }
)
