"""/mydata and /forget: a client's right of access and right to erasure, in the chat."""

from __future__ import annotations

import json

from bots.telegram.dialogue.conversation import Conversation
from bots.telegram.dialogue.events import Event
from bots.telegram.dialogue.replies import Button, DocumentReply
from bots.telegram.dialogue.view import Outcome, View, data, menu_buttons
from bots.telegram.markup import h
from core.domain.journal import Actor
from core.usecases.anonymise_client import AnonymiseClient, anonymise_client
from core.usecases.common import Deps
from core.usecases.export_my_data import export_my_data


def confirm_forget(e: Event, v: View, o: Outcome) -> Outcome:
    tr = v.tr
    rows = (
        (Button(tr.gettext("Yes, erase my data"), data("m", "forget")),),
        (Button(tr.gettext("No, keep it"), data("m", "done")),),
    )
    text = tr.gettext(
        "Do you want the school to erase your personal data? Your name, contact details and "
        "what you wrote will be erased; your open complaints will be withdrawn. The school "
        "keeps only anonymous figures. This cannot be undone."
    )
    return o.say(e, text, rows)


async def send_my_data(deps: Deps, client: Actor | None, e: Event, v: View, o: Outcome) -> None:
    if client is None or client.id is None:
        o.say(e, v.tr.gettext("The school keeps no data about you."), menu_buttons(v.tr))
        return
    from core.documents.personal_data import personal_data_pdf  # the PDF writer, when asked

    found = await export_my_data(deps, client)
    day = found["exported_at"][:10]
    files = (
        (
            f"mes-donnees-{day}.json",
            "application/json",
            json.dumps(found, ensure_ascii=False, indent=2).encode(),
        ),
        (
            f"mes-donnees-{day}.pdf",
            "application/pdf",
            personal_data_pdf(found, v.tr, deps.profile),
        ),
    )
    o.say(e, v.tr.gettext("Here is the data the school keeps about you."))
    async with deps.uow() as uow:
        for name, media_type, content in files:
            kept = await uow.documents.add(
                None, name, media_type, content, deps.clock.now(), client_id=client.id
            )
            o.replies.add(DocumentReply(e.chat_id, kept.id, h(name)))
        await uow.commit()


async def forget(
    deps: Deps, client: Actor | None, c: Conversation, e: Event, v: View, o: Outcome
) -> None:
    c.reset()
    if client is None or client.id is None:
        o.say(e, v.tr.gettext("The school keeps no data about you."), menu_buttons(v.tr))
        return
    await anonymise_client(deps, client, AnonymiseClient(client.id, "client_request"))
    o.say(
        e,
        v.tr.gettext("Your personal data is erased. If you write again, you will start afresh."),
    )
