"""``reclam demo``: the emulator, the bot and a scripted client on loopback. Léa files a
complaint in the chat; staff then handle it through the use cases; the transcript and the
complaint's timeline are printed. No token, no network."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from bots.emulator.html import visible_text
from bots.emulator.people import Emulator
from bots.emulator.session import ChatSession
from bots.emulator.world import Message
from bots.service import Framework, running_bot
from bots.telegram.identity import account
from core.clock import FrozenClock, SystemClock
from core.domain.enums import ActionKind, CompensationKind, Role
from core.domain.journal import Actor
from core.domain.values import Compensation
from core.i18n import Translator
from core.profile import DEMO, load_profile
from core.reports.timeline import timeline
from core.usecases.accept_complaint import AcceptComplaint, accept_complaint
from core.usecases.add_internal_note import AddInternalNote, add_internal_note
from core.usecases.add_staff_member import AddStaffMember, add_staff_member
from core.usecases.assign_handler import AssignHandler, assign_handler
from core.usecases.common import Deps
from core.usecases.complete_action import CompleteAction, complete_action
from core.usecases.evaluate_complaint import EvaluateComplaint, evaluate_complaint
from core.usecases.inform_client import InformClient, inform_client
from core.usecases.plan_action import PlanAction, plan_action
from core.usecases.view_complaint import view_complaint
from reclam.bootstrap import bootstrap
from reclam.settings import Settings

Print = Callable[[str], None]
#: what Léa is told while staff handle her complaint: examined, the action planned and done
#: (shared with her), a progress message, the decision and the survey's first question (the
#: acknowledgement came at filing)
NOTICES = 6


def transcript_printer(out: Print, who: str) -> Callable[[str, list[Message]], None]:
    def show(action: str, answers: list[Message]) -> None:
        out(f"— {action[1:-1]} —" if action.startswith("(") else f"👤 {who}: {action}")
        for message in answers:
            text = visible_text(message.text) if message.data.get("parse_mode") else message.text
            out("🤖 Reclam: " + text.replace("\n", "\n           "))
            if message.buttons:
                out("           " + " ".join(f"[{b['text']}]" for b in message.buttons))
        out("")

    return show


async def client_files(chat: ChatSession) -> None:
    await chat.say("/start")
    await chat.press("📝 Déposer une réclamation")
    await chat.press("Oui, c'est moi")
    await chat.say("06 12 34 56 78")
    await chat.say("lea.dubois@example.org")
    await chat.press("Passer")
    await chat.press("Planning et annulations de leçons")
    await chat.press("Hier")
    await chat.press("Leçon de conduite")
    await chat.press("Marc Petit")
    await chat.say("Ma leçon du samedi a été annulée trois fois sans prévenir.")
    await chat.send_file("sms-annulation.png", "photo")
    await chat.press("Terminé")
    await chat.press("Une leçon de remplacement")
    await chat.press("✅ Envoyer", expect=3)  # the reference, then the acknowledgement and its PDF


async def client_answers_the_survey(chat: ChatSession) -> None:
    await chat.press_in_place("Oui")
    await chat.press_in_place("Oui")
    await chat.press_in_place("4")
    await chat.say("Merci, l'accueil a été à l'écoute.")


async def staff_handle(deps: Deps, clock: FrozenClock, ref: str, _client: Actor) -> None:
    """The school's side, through the use cases (the staff group arrives with its issue)."""
    async with deps.uow() as uow:
        staff = {m.name: m for m in await uow.staff.list()}
    boss, desk, teacher = staff["Claire Martin"], staff["Sami Benali"], staff["Marc Petit"]
    assert boss.id
    assert desk.id
    assert teacher.id
    manager = Actor.staff(boss.id, Role.MANAGER, boss.name)
    agent = Actor.staff(desk.id, Role.AGENT, desk.name)
    clock.advance(timedelta(days=1))
    await evaluate_complaint(deps, agent, EvaluateComplaint(ref, 2, 1, 3))
    await assign_handler(deps, agent, AssignHandler(ref, desk.id))
    await add_internal_note(deps, agent, AddInternalNote(ref, "Vérifier le planning de Marc."))
    due = clock.now().date() + timedelta(days=7)
    await plan_action(
        deps,
        agent,
        PlanAction(
            ref,
            ActionKind.CORRECTIVE,
            "Prévenir par SMS 48 h avant toute annulation",
            teacher.id,
            due,
            share_with_client=True,
        ),
    )
    message = "Nous vérifions le planning avec votre moniteur."
    await inform_client(deps, agent, InformClient(ref, message))
    clock.advance(timedelta(days=3))
    await complete_action(deps, agent, CompleteAction(ref, 1, "Rappel SMS automatique activé"))
    await accept_complaint(
        deps,
        manager,
        AcceptComplaint(
            ref,
            "Les annulations n'ont pas été prévenues à temps.",
            (
                Compensation(CompensationKind.EXTRA_LESSON, quantity=1),
                Compensation(CompensationKind.APOLOGY),
            ),
        ),
    )


async def run_demo(database: Path, framework: Framework, out: Print) -> str:
    clock = FrozenClock(SystemClock().now() - timedelta(days=14))
    settings = Settings(database_url=f"sqlite+aiosqlite:///{database}")
    app = await bootstrap(settings, clock, load_profile(DEMO))
    deps = app.deps
    for telegram_id, name, role in (
        (1001, "Claire Martin", Role.MANAGER),
        (1002, "Sami Benali", Role.AGENT),
        (1003, "Marc Petit", Role.INSTRUCTOR),
    ):
        await add_staff_member(
            deps, Actor.system(), AddStaffMember(account(telegram_id), name, role)
        )
    out(f"— Reclam demo: {framework}, the built-in Telegram emulator, SQLite ({database}) —\n")
    async with Emulator() as emulator:
        bot = emulator.bot()
        lea = emulator.user(5001, "Léa", "Dubois")
        chat = ChatSession(emulator, bot, lea, transcript_printer(out, "Léa"))
        async with running_bot(deps, framework, bot.token, emulator.base_url):
            await client_files(chat)
            async with deps.uow() as uow:
                client = await uow.clients.by_chat(account(lea.id))
                assert client is not None
                assert client.id is not None
                [complaint] = await uow.complaints.of_client(client.id)
            ref = complaint.reference
            since = len(chat.bot_messages())
            await staff_handle(deps, clock, ref, Actor.client(client.id, client.display_name))
            await chat.incoming(since, NOTICES, "(the school handles the complaint)")
            await client_answers_the_survey(chat)
            await chat.say("/mycomplaints")
    tr = Translator("fr", deps.profile.timezone)
    found = await view_complaint(deps, Actor.system(), ref)
    out(f"— {ref}: the journal, from filing to closing —\n")
    for line in timeline(tr, found.journal):
        out(line)
    await app.close()
    return ref
