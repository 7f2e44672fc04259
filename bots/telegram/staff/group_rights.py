"""What the bot needs in the staff group, and how the school puts right what is missing,
in the staff's words. The product creates, renames, closes and reopens forum topics and
sends messages; it deletes and pins nothing, so it asks for neither right."""

from __future__ import annotations

from bots.telegram.delivery.bot_api import GroupFacts
from bots.telegram.markup import Html, HtmlTranslator, h


def lacking(facts: GroupFacts, tr: HtmlTranslator) -> list[Html]:
    """Each thing missing for the group to serve as the staff group, with its fix."""
    found: list[Html] = []
    if facts.type != "supergroup":
        found.append(
            tr.gettext(
                "the group is a basic group: in the group's settings, turn on Topics (or "
                "make the group public once), and Telegram upgrades it to a supergroup"
            )
        )
    if not facts.administrator:
        found.append(
            tr.gettext(
                "the bot is not an administrator: open the group's info, Administrators, "
                "Add an administrator, and choose the bot"
            )
        )
    elif facts.is_forum and not facts.can_manage_topics:
        found.append(
            tr.gettext(
                "the bot may not manage topics: in the group's administrators, open the "
                "bot and turn on “Manage topics”"
            )
        )
    return found


def missing_text(tr: HtmlTranslator, found: list[Html]) -> Html:
    lines = Html("\n").join(Html("• {}").format(line) for line in found)
    return tr.gettext(
        "This group cannot be the staff group yet. Missing:\n{lines}\nPut it right in "
        "Telegram, then send /setup here again.",
        lines=lines,
    )


def mode_text(facts: GroupFacts, tr: HtmlTranslator) -> Html:
    if facts.topics:
        return tr.gettext("Each complaint gets a topic of its own.")
    return tr.gettext(
        "Topics are off in this group: each complaint gets a card, and the replies to the "
        "card form its thread. To have a topic per complaint, turn on Topics in the group's "
        "settings, then send /setup again."
    )


def bound_text(facts: GroupFacts, tr: HtmlTranslator, posted: int) -> Html:
    text = tr.gettext(
        "✅ This group is now the staff group “{title}”. {mode}",
        title=h(facts.title),
        mode=mode_text(facts, tr),
    )
    if posted:
        text += Html("\n") + tr.ngettext(
            "The card of {n} complaint filed before now follows.",
            "The cards of {n} complaints filed before now follow.",
            posted,
        )
    return text


def welcome_text(tr: HtmlTranslator) -> Html:
    return tr.gettext(
        "Hello! I handle the school's complaints. To make this group the staff group, a "
        "manager registered with Reclam sends /setup here. I will then check my rights "
        "and say what is missing, if anything."
    )


def lost_text(facts: GroupFacts, tr: HtmlTranslator) -> Html:
    """The managers' alert when the bot loses its place or its rights in the staff group."""
    if not facts.present:
        return tr.gettext(
            "⚠️ The bot was removed from the staff group “{title}”: the complaints' cards "
            "cannot reach it any more. Add the bot to the group again, make it an "
            "administrator, then send /setup there.",
            title=h(facts.title),
        )
    return tr.gettext(
        "⚠️ The bot lost its administrator rights in the staff group “{title}”: new "
        "complaints get a card and a reply thread instead of a topic, and the bot no longer "
        "reads every message. Make it an administrator again (with “Manage topics”), then "
        "send /setup there.",
        title=h(facts.title),
    )
