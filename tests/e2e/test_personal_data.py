"""/mydata gives a client their data as JSON and PDF; /forget erases it after a
confirmation. On both adapters."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from bots.telegram.identity import account
from core.domain.enums import Status
from tests.e2e.harness import Reclam, reclam
from tests.e2e.test_client_dialogue import file_quickly

pytestmark = pytest.mark.e2e


def files(r: Reclam, chat_id: int) -> dict[str, bytes]:
    found = {}
    for m in r.emulator.transcript(chat_id):
        if "document" in m.data:
            stored = r.emulator.telegram.files[m.data["document"]["file_id"]]
            found[stored.filename.rsplit(".", 1)[-1]] = stored.content
    return found


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_a_client_gets_their_data_then_has_it_erased(framework: str, tmp_path: Path) -> None:
    async with reclam(framework, tmp_path) as r:  # type: ignore[arg-type]
        lea = r.emulator.user(501, "Léa", "Dubois")
        ref = await file_quickly(r, lea, email="lea@example.org")
        said = await r.say(lea, "/mydata", expect=3)
        assert said[0] == "Voici les données que l'école conserve sur vous."
        await r.emulator.wait_until(lambda: {"json", "pdf"} <= set(files(r, lea.id)))
        data = json.loads(files(r, lea.id)["json"])
        assert data["you"]["name"] == "Léa Dubois"
        assert data["you"]["email"] == "lea@example.org"
        [complaint] = data["complaints"]
        assert complaint["reference"] == ref
        assert complaint["description"] == "Facture envoyée deux fois."
        assert "Marc Petit" not in json.dumps(data)  # nobody else's personal data
        pdf = "\n".join(
            p.extract_text() for p in PdfReader(io.BytesIO(files(r, lea.id)["pdf"])).pages
        )
        assert "Vos données personnelles" in pdf
        assert "Facture envoyée deux fois." in pdf
        assert "Statut reçue" in pdf  # in words, not the code "received"
        category = r.deps.profile.category(complaint["category"])
        assert category is not None
        assert f"Catégorie {category.label.in_language('fr')}" in pdf  # not its code
        assert "Langue français" in pdf  # the language's name, not "fr"
        assert re.search(r"Reçue le \d{1,2}(er)? \w+ \d{4} à \d\d:\d\d", pdf)  # local time
        assert not re.search(r"\d{4}-\d\d-\d\d", pdf)  # no ISO date or timestamp
        [confirm] = await r.say(lea, "/forget")
        assert confirm.startswith("Voulez-vous que l'école efface vos données personnelles\xa0?")
        assert await r.press(lea, "Oui, effacer mes données") == [
            "Vos données personnelles sont effacées. Si vous écrivez de nouveau, vous repartirez "
            "de zéro."
        ]
        async with r.uow() as uow:
            assert await uow.clients.by_chat(account(lea.id)) is None
            stored = await uow.complaints.get(ref)
        assert stored is not None
        assert stored.status is Status.WITHDRAWN
        assert stored.description == ""
        assert await r.say(lea, "/mycomplaints") == ["Vous n'avez encore aucune réclamation."]
