"""What the bot says is missing in a group before it can be the staff group."""

from __future__ import annotations

from bots.telegram.delivery.bot_api import GroupFacts
from bots.telegram.markup import HtmlTranslator
from bots.telegram.staff.group_rights import lacking, mode_text

TR = HtmlTranslator("fr")


def facts(kind: str = "supergroup", forum: bool = True, status: str = "administrator",
          topics: bool = True) -> GroupFacts:  # fmt: skip
    return GroupFacts(-100, "Équipe", kind, forum, status, topics)


def test_a_forum_where_the_bot_is_a_full_administrator_lacks_nothing() -> None:
    assert lacking(facts(), TR) == []


def test_a_basic_group_with_the_bot_as_a_mere_member_names_both_fixes() -> None:
    found = lacking(facts("group", forum=False, status="member", topics=False), TR)
    assert [line.split("\xa0:")[0] for line in found] == [
        "le groupe est un groupe simple",
        "le bot n'est pas administrateur",
    ]


def test_an_administrator_who_may_not_manage_topics_is_told_only_that() -> None:
    [line] = lacking(facts(topics=False), TR)
    assert line.startswith("le bot ne peut pas gérer les sujets")


def test_a_supergroup_without_topics_is_enough_and_its_cards_thread_by_replies() -> None:
    plain = facts(forum=False, topics=False)
    assert lacking(plain, TR) == []
    assert mode_text(plain, TR).startswith("Les sujets sont désactivés dans ce groupe")
    assert not plain.topics
