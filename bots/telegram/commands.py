"""The commands people type, in French and in English, and the menus Telegram shows them:
the clients' in private chats (in French, English and Arabic), the staff's in the staff
group, and the managers' in their own private chats (in French and English)."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.errors import N_
from core.i18n import STAFF_LANGUAGES, Translator

CLIENT = ("start", "mycomplaints", "help", "cancel", "language", "mydata", "forget")
STAFF = ("open", "overdue", "show", "find", "new", "register", "report", "plan", "meeting", "id")
MANAGER = (*CLIENT, *STAFF, "staff", "invite", "erase")
#: each command's French name (``start`` stays: Telegram's links open the chat with it)
FRENCH = {
    "mycomplaints": "mesreclamations",
    "help": "aide",
    "cancel": "annuler",
    "language": "langue",
    "mydata": "mesdonnees",
    "forget": "oublier",
    "open": "ouvertes",
    "overdue": "enretard",
    "show": "voir",
    "find": "chercher",
    "new": "nouvelle",
    "register": "registre",
    "report": "rapport",
    "meeting": "reunion",
    "staff": "equipe",
    "invite": "inviter",
    "erase": "effacer",
    "setup": "configurer",  # in a group: make it the staff group (not in the menus)
}
ALIASES = {french: english for english, french in FRENCH.items()}
#: the client menu's languages; the staff's are ``STAFF_LANGUAGES``
CLIENT_LANGUAGES = ("fr", "en", "ar")
DESCRIPTIONS = {
    "start": N_("Main menu"),
    "mycomplaints": N_("My complaints and their progress"),
    "help": N_("Help"),
    "cancel": N_("Stop what I am doing"),
    "language": N_("Change the language"),
    "mydata": N_("The data the school keeps about me"),
    "forget": N_("Erase my personal data"),
    "open": N_("The open complaints"),
    "overdue": N_("The complaints past a deadline"),
    "show": N_("A complaint's file: /show REC-YYYY-NNNN"),
    "find": N_("Find complaints by a word"),
    "new": N_("Record a complaint received by phone, at the desk, by letter…"),
    "register": N_("The register, as a file"),
    "report": N_("The quality-meeting pack"),
    "plan": N_("The improvement plan: actions and their effect"),
    "meeting": N_("Record a quality meeting"),
    "id": N_("This chat's id and yours"),
    "staff": N_("The staff directory"),
    "invite": N_("Invite a colleague: /invite agent First Last"),
    "erase": N_("Erase a client's personal data"),
}


def canonical(name: str) -> str:
    """The command's English name, whatever language it was typed in."""
    return ALIASES.get(name, name)


@dataclass(frozen=True)
class Menu:
    """One command menu: for private chats (``chat_id`` None) or for one chat."""

    commands: tuple[str, ...]
    language: str
    chat_id: int | None = None

    def entries(self) -> list[tuple[str, str]]:
        tr = Translator(self.language)
        return [(self.name(c), tr.gettext(DESCRIPTIONS[c])) for c in self.commands]

    def name(self, command: str) -> str:
        """The command as the menu shows it: French in the French menu."""
        return FRENCH.get(command, command) if self.language == "fr" else command


def menus(staff_chat_id: int | None, manager_chats: list[int]) -> list[Menu]:
    """Every menu, in each of its readers' languages (French is also the default one)."""
    found = [Menu(CLIENT, language) for language in CLIENT_LANGUAGES]
    if staff_chat_id is not None:
        found += [Menu(STAFF, language, staff_chat_id) for language in STAFF_LANGUAGES]
    found += [Menu(MANAGER, lang, chat) for chat in manager_chats for lang in STAFF_LANGUAGES]
    return found
