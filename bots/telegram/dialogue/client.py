"""The client's private chat: a pure decision from (conversation, event, view)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bots.telegram.dialogue import effects
from bots.telegram.dialogue.conversation import Conversation
from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.filing import FIRST_STEP, STEPS
from bots.telegram.dialogue.joining import PREFIX as JOIN_PREFIX
from bots.telegram.dialogue.joining import offer_join
from bots.telegram.dialogue.personal_data import confirm_forget
from bots.telegram.dialogue.reopening import ask_reopen_reason, offer_reopening, reopen_reason
from bots.telegram.dialogue.replies import Button, Keyboard
from bots.telegram.dialogue.staff_joining import SCOPE as INVITATION
from bots.telegram.dialogue.staff_joining import token_in as invitation_in
from bots.telegram.dialogue.summary import edit_menu, summary_buttons, summary_text
from bots.telegram.dialogue.survey import ask_survey_comment, survey_button, survey_comment
from bots.telegram.dialogue.view import Outcome, View, data, menu_buttons, parse_data
from bots.telegram.markup import h
from core.domain.errors import DomainError
from core.domain.reference import PATTERN

Command = Callable[[Conversation, Event, View, Outcome], Outcome]
SUBSTEPS = frozenset({"name_input", "when_date", "where_other", "person_other", "solution_other"})
#: the languages a client may choose, each by its own name
LANGUAGES = {"fr": "Français", "en": "English", "ar": "العربية"}


def decide(c: Conversation, e: Event, v: View) -> Outcome:
    o = Outcome()
    if e.command is not None:
        return _command(c, e, v, o)
    if e.button is not None:
        return _button(c, e, v, o)
    if c.step == "add_info" and (e.text.strip() or e.file):
        o.effect = effects.AddInformation(c.context["reference"], e.text.strip(), _file(e))
        return o
    if c.step == "survey_comment":
        return survey_comment(c, e, v, o)
    if c.step == "reopen_reason":
        return reopen_reason(c, e, v, o)
    if e.unsupported:
        o.say(e, v.tr.gettext("Sorry, I cannot use this kind of message."))
    if c.step in STEPS:
        return _answer(c, e, None, v, o)
    if c.step == "summary":
        o.say(e, v.tr.gettext("Please use the buttons below."))
        return ask(c, e, v, o, "summary")
    if c.step is None and v.recently_closed:
        return offer_reopening(e, v, o, v.recently_closed)
    return o.say(e, v.tr.gettext("What would you like to do?"), menu_buttons(v.tr))


def _file(e: Event) -> dict[str, Any] | None:
    return e.file.described() if e.file is not None else None


def welcome(e: Event, v: View, o: Outcome) -> Outcome:
    text = v.tr.gettext(
        "Hello! I am the complaints assistant of <b>{school}</b>.\n\n"
        "Here you can file a complaint, follow it, and receive the school's answer. "
        "Every complaint is recorded, acknowledged in writing and answered with reasons.",
        school=h(v.profile.name),
    )
    return o.say(e, text, menu_buttons(v.tr))


def help_text(e: Event, v: View, o: Outcome) -> Outcome:
    text = v.tr.gettext(
        "<b>What I can do</b>\n"
        "/start — the main menu\n"
        "/mycomplaints — your complaints and their progress\n"
        "/cancel — stop what you are doing\n"
        "/language — change the language\n"
        "/mydata — the data the school keeps about you\n"
        "/forget — erase your personal data\n"
        "/help — this help\n\n"
        "After you file a complaint, the school acknowledges it in writing within {days} days, "
        "examines it, and answers with its reasons.",
        days=v.profile.deadlines.acknowledge_days,
    )
    return o.say(e, text, menu_buttons(v.tr))


def start_filing(c: Conversation, e: Event, v: View, o: Outcome) -> Outcome:
    c.reset()
    c.draft["name"] = e.sender.full_name
    return ask(c, e, v, o, FIRST_STEP)


def _start(c: Conversation, e: Event, v: View, o: Outcome) -> Outcome:
    if e.args == "complaint":
        return start_filing(c, e, v, o)
    if e.args.startswith(JOIN_PREFIX) and len(e.args) > len(JOIN_PREFIX):
        return offer_join(e, v, o, e.args.removeprefix(JOIN_PREFIX))
    invitation = invitation_in(e.args)
    if invitation is not None:
        o.effect = effects.ReadInvitation(invitation)
        return o
    if c.step is None:
        return welcome(e, v, o)
    o.say(e, v.tr.gettext("Your complaint in progress is kept. Here is where we were:"))
    return resume(c, e, v, o)


def _with_effect(effect: object) -> Command:
    def command(_c: Conversation, _e: Event, _v: View, o: Outcome) -> Outcome:
        o.effect = effect
        return o

    return command


def _language(_c: Conversation, e: Event, v: View, o: Outcome) -> Outcome:
    rows = tuple((Button(name, data("l", code)),) for code, name in LANGUAGES.items())
    return o.say(e, v.tr.gettext("Choose your language:"), rows)


def _unknown(_c: Conversation, e: Event, v: View, o: Outcome) -> Outcome:
    o.say(e, v.tr.gettext("I do not know the command /{command}.", command=h(e.command or "")))
    return help_text(e, v, o)


def _command(c: Conversation, e: Event, v: View, o: Outcome) -> Outcome:
    return COMMANDS.get(e.command or "", _unknown)(c, e, v, o)


def _cancel(c: Conversation, e: Event, v: View, o: Outcome) -> Outcome:
    if c.step is None:
        return o.say(e, v.tr.gettext("There is nothing to cancel."), menu_buttons(v.tr))
    c.reset()
    text = v.tr.gettext("Cancelled. Nothing was sent to the school.")
    return o.say(e, text, menu_buttons(v.tr))


def resume(c: Conversation, e: Event, v: View, o: Outcome) -> Outcome:
    """Ask again what the conversation waits for, whatever kind of step it is in: a filing
    step, or a side step (adding information, the survey's comment, a reopening reason)."""
    if c.step in STEPS or c.step == "summary":
        return ask(c, e, v, o, c.step)
    side_step = SIDE_STEPS.get(c.step or "")
    if side_step is not None:
        return side_step(c, e, v, o)
    c.reset()  # nothing under way (or a step this version no longer has)
    return o.say(e, v.tr.gettext("What would you like to do?"), menu_buttons(v.tr))


def ask_information(c: Conversation, e: Event, v: View, o: Outcome) -> Outcome:
    done = ((Button(v.tr.gettext("Done"), data("m", "done")),),)
    text = v.tr.gettext(
        "Send the text or files to add to {reference}.", reference=c.context["reference"]
    )
    return o.say(e, text, done)


def _ask_reopen_reason_again(c: Conversation, e: Event, v: View, o: Outcome) -> Outcome:
    return ask_reopen_reason(c, e, v, o, c.context["reference"])


SIDE_STEPS = {
    "add_info": ask_information,
    "survey_comment": ask_survey_comment,
    "reopen_reason": _ask_reopen_reason_again,
}


def ask(c: Conversation, e: Event, v: View, o: Outcome, step: str) -> Outcome:
    """Ask the question of ``step`` with fresh buttons (older buttons become stale)."""
    c.step, c.nonce = step, c.nonce + 1
    if step == "summary":
        return o.say(e, summary_text(c, v), summary_buttons(c, v))
    text, rows = STEPS[step].ask(c, v)
    tail = [Button(v.tr.gettext("⬅ Back"), data(c.nonce, "back"))] if c.trail else []
    tail.append(Button(v.tr.gettext("✖ Cancel"), data(c.nonce, "cancel")))
    keyboard: Keyboard = tuple(tuple(row) for row in [*rows, tail])
    return o.say(e, text, keyboard)


def _answer(c: Conversation, e: Event, value: str | None, v: View, o: Outcome) -> Outcome:
    assert c.step is not None
    try:
        following = STEPS[c.step].take(c, e, value, v, o)
    except DomainError as error:
        o.say(e, v.tr.error(error))
        return ask(c, e, v, o, c.step)
    if following is None:
        return o
    if c.editing and following not in SUBSTEPS:
        following = "summary"
    c.trail.append(c.step)
    return ask(c, e, v, o, following)


def _button(c: Conversation, e: Event, v: View, o: Outcome) -> Outcome:
    parsed = parse_data(e.button or "")
    if parsed is None:
        return o.toast(e, v.tr.gettext("This button is not valid."), alert=True)
    scope, action, value = parsed
    if scope == "m":
        return _menu(c, e, v, o.toast(e), action)
    if scope == "l" and value == "" and action in LANGUAGES:
        c.language = action
        o.effect = effects.SaveLanguage(action)
        return o.toast(e)
    if scope == "c" and PATTERN.match(value):
        return _complaint_button(c, e, v, o, action, value)
    if scope == "v":
        return survey_button(c, e, v, o, action, value)
    if scope == "j" and action == "yes" and value:
        o.effect = effects.Join(value)
        return o.toast(e)
    if scope == INVITATION and action == "yes":
        o.effect = effects.AcceptInvitation(value)
        return o.toast(e)
    if not scope.isdigit() or int(scope) != c.nonce or c.step is None:
        o.toast(e, v.tr.gettext("This button is no longer valid."))
        return resume(c, e, v, o)
    return _step_button(c, e, v, o.toast(e), action, value)


def _menu(c: Conversation, e: Event, v: View, o: Outcome, action: str) -> Outcome:
    if action == "file":
        return ask(c, e, v, o, c.step) if c.step in STEPS else start_filing(c, e, v, o)
    if action == "mine":
        o.effect = effects.ShowMyComplaints()
        return o
    if action == "done":
        c.reset()
        return o.say(e, v.tr.gettext("What would you like to do?"), menu_buttons(v.tr))
    if action == "forget":
        c.reset()
        o.effect = effects.Forget()
        return o
    return help_text(e, v, o)


def _complaint_button(
    c: Conversation, e: Event, v: View, o: Outcome, action: str, reference: str
) -> Outcome:
    tr = v.tr
    o.toast(e)
    if action == "add":
        c.reset()
        c.step, c.context = "add_info", {"reference": reference}
        return ask_information(c, e, v, o)
    if action == "wd":
        rows = (
            (Button(tr.gettext("Yes, withdraw it"), data("c", "wdy", reference)),),
            (Button(tr.gettext("No, keep it"), data("m", "done")),),
        )
        text = tr.gettext(
            "Do you really want to withdraw {reference}? This cannot be undone.",
            reference=reference,
        )
        return o.say(e, text, rows)
    if action == "wdy":
        o.effect = effects.Withdraw(reference)
    if action == "ro":
        return ask_reopen_reason(c, e, v, o, reference)
    return o


def _step_button(
    c: Conversation, e: Event, v: View, o: Outcome, action: str, value: str
) -> Outcome:
    if action == "cancel":
        return _cancel(c, e, v, o)
    if action == "back" and c.trail:
        return ask(c, e, v, o, c.trail.pop())
    if action == "f" and c.step in STEPS:
        return _answer(c, e, value, v, o)
    if c.step == "summary" and action == "send":
        o.effect = effects.SubmitDraft(dict(c.draft))
        return o
    if c.step == "summary" and action == "edit":
        c.nonce += 1
        return o.say(e, v.tr.gettext("Which answer do you want to change?"), edit_menu(c, v))
    if c.step == "summary" and action == "goto" and value in STEPS:
        c.editing = True
        if value == "description":
            c.draft["description"] = ""
        return ask(c, e, v, o, value)
    if action == "review" and (c.step in STEPS or c.step == "summary"):
        return ask(c, e, v, o, "summary")
    return resume(c, e, v, o)


#: the client's commands, and what each does
COMMANDS: dict[str, Command] = {
    "start": _start,
    "help": lambda _c, e, v, o: help_text(e, v, o),
    "mycomplaints": _with_effect(effects.ShowMyComplaints()),
    "cancel": _cancel,
    "mydata": _with_effect(effects.ShowMyData()),
    "forget": lambda _c, e, v, o: confirm_forget(e, v, o),
    "language": _language,
}
