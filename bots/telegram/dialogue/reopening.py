"""A client writes after their complaint was closed: they may reopen it (within the
profile's period; the use case enforces it) or file a new one."""

from __future__ import annotations

from bots.telegram.dialogue import effects
from bots.telegram.dialogue.conversation import Conversation
from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.replies import Button
from bots.telegram.dialogue.view import Outcome, View, data


def offer_reopening(e: Event, v: View, o: Outcome, reference: str) -> Outcome:
    tr = v.tr
    rows = (
        (
            Button(
                tr.gettext("↩ Reopen {reference}", reference=reference), data("c", "ro", reference)
            ),
        ),
        (Button(tr.gettext("📝 File a new complaint"), data("m", "file")),),
        (Button(tr.gettext("📂 My complaints"), data("m", "mine")),),
    )
    text = tr.gettext(
        "Your complaint {reference} is closed. If your message is about it, you may reopen "
        "it; otherwise you may file a new complaint.",
        reference=reference,
    )
    return o.say(e, text, rows)


def reopen_reason(c: Conversation, e: Event, v: View, o: Outcome) -> Outcome:
    if not e.text.strip():
        return o.say(e, v.tr.gettext("Please write in a few words why you reopen it."))
    o.effect = effects.Reopen(c.context["reference"], e.text)
    return o


def ask_reopen_reason(c: Conversation, e: Event, v: View, o: Outcome, reference: str) -> Outcome:
    c.reset()
    c.step, c.context = "reopen_reason", {"reference": reference}
    cancel = ((Button(v.tr.gettext("✖ Cancel"), data("m", "done")),),)
    text = v.tr.gettext("Why do you want to reopen {reference}?", reference=reference)
    return o.say(e, text, cancel)
