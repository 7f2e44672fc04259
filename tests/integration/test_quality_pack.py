"""The quality-meeting pack's figures, checked against a small month whose answers are
worked out by hand; and its files read back."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date, timedelta

from pypdf import PdfReader

from core.domain.periods import ComplaintFilter, Period, parse_period
from core.domain.values import PersonConcerned
from core.i18n import Translator
from core.reports.pack_files import period_label, to_csv, to_json, to_pdf
from core.reports.quality import (
    REPEAT_WINDOW_DAYS,
    TREND_PERIODS,
    PackFigures,
    PackInputs,
    quality_figures,
)
from core.usecases.build_quality_pack import build_quality_pack
from core.usecases.record_survey_answer import RecordSurveyAnswer, record_survey_answer
from core.usecases.withdraw_complaint import WithdrawComplaint, withdraw_complaint
from tests.school import School


async def march(school: School) -> PackFigures:
    """March 2026, by hand:

    - c1 (Léa, planning, Marc): acknowledged at once, accepted after 3 days with a 45 €
      credit note; survey yes/yes, 4/5.
    - c2 (Tom, billing): filed on day 3, acknowledged a day later, rejected 5 days after
      filing; survey no/yes, 2/5.
    - c3 (Léa, planning, Marc): filed on day 8, acknowledged 12 days later (late); an
      action due on 29 March, not done.
    - c4 (Tom, a staff member's conduct, confidential, naming Marc): filed on day 20,
      its acknowledgement not yet due by 31 March.
    """
    c1 = (await school.file()).reference
    await school.acknowledge(c1)
    await school.evaluate(c1)
    school.later(days=3)
    await school.accept(c1)
    await school.answer_survey(c1, satisfaction=4)
    c2 = (
        await school.file(by=school.other_client, category="billing", about_instructor=False)
    ).reference
    school.later(days=1)
    await school.acknowledge(c2)
    await school.evaluate(c2)
    school.later(days=4)
    await school.reject(c2)
    await record_survey_answer(
        school.deps, school.other_client, RecordSurveyAnswer(c2, False, True, 2, "")
    )
    c3 = (await school.file()).reference
    school.later(days=12)
    await school.acknowledge(c3)
    await school.evaluate(c3)
    await school.plan(c3)
    await school.file(by=school.other_client, category="staff_conduct")
    return await build_quality_pack(school.deps, school.manager, parse_period("2026-03"))


async def test_the_pack_figures_match_a_month_worked_out_by_hand(school: School) -> None:
    f = await march(school)
    assert f.period == "2026-03"
    assert f.received == 4
    assert f.trend == [
        ("2025-10", 0),
        ("2025-11", 0),
        ("2025-12", 0),
        ("2026-01", 0),
        ("2026-02", 0),
        ("2026-03", 4),
    ]
    assert f.by_category == {
        "Planning et annulations de leçons": 2,
        "Facturation et tarifs": 1,
        "Comportement d'un membre du personnel": 1,
    }
    assert f.by_instructor == {"Marc Petit": 2}  # the confidential complaint is not named
    assert sum(f.by_priority.values()) == 3
    assert f.acknowledged_in_time_pct == 66.7  # 2 of 3 due
    assert (f.days_to_acknowledge_median, f.days_to_acknowledge_p90) == (1.0, 12.0)
    assert (f.days_to_answer_median, f.days_to_answer_p90) == (4.0, 5.0)
    assert f.answered_in_time_pct == 100.0
    assert (f.accepted, f.rejected, f.compensation_cents) == (1, 1, 4500)
    assert (f.surveys, f.taken_into_account_pct, f.actions_carried_out_pct) == (2, 50.0, 100.0)
    assert f.satisfaction_mean == 3.0
    assert f.satisfaction_trend[-1] == ("2026-03", 3.0)
    assert f.repeated_clients == [("Léa Dubois", 2)]
    assert f.repeated_instructors == [("Marc Petit", 2)]
    assert (f.open_actions, f.late_actions, f.done_actions) == (1, 1, [])


async def test_the_next_month_compares_with_this_one(school: School) -> None:
    await march(school)
    school.later(days=20)
    await school.file()
    april = await build_quality_pack(school.deps, school.manager, parse_period("2026-04"))
    assert april.trend[-2:] == [("2026-03", 4), ("2026-04", 1)]


async def test_the_pack_files_carry_the_same_figures(school: School) -> None:
    f = await march(school)
    tr = Translator("fr", school.deps.profile.timezone)
    assert json.loads(to_json(f))["compensation_cents"] == 4500
    lines = to_csv(f, tr).decode("utf-8-sig").splitlines()
    assert "Réclamations reçues;4" in lines
    assert "Coût des compensations;45,00\xa0€" in lines
    pdf = to_pdf(f, tr, school.deps.profile, date(2026, 4, 2))
    reader = PdfReader(io.BytesIO(pdf))
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    cover = pages[0]
    assert school.deps.profile.name in cover
    assert "Dossier de la réunion qualité mars 2026 Établi le 2 avril 2026" in cover
    assert "Réclamations reçues" not in cover  # the figures start on the next page
    count = len(pages)
    for number, page in enumerate(pages, start=1):
        assert page.endswith(f"{number} / {count}")  # every page numbered
    text = " ".join(pages)
    assert "Dossier de la réunion qualité — mars 2026" in text  # every page's header
    assert "Indicateur Valeur Réclamations reçues 4" in text  # a heading row, then figures
    assert "Par catégorie Réclamations" in text  # tables say what they count
    assert "2026-03" not in text  # periods in words
    assert sum(len(p.images) for p in reader.pages) >= 7  # a chart per question answered
    for question in (
        "Combien de réclamations, et comment évoluent-elles",
        "Sur quoi portent-elles, et comment sont-elles arrivées à l'école",
        "Qui est cité, et des réclamations reviennent-elles",
        "Quelle est leur gravité",
        "Les délais sont-ils tenus",
        "Quelles décisions, et à quel coût",
        "Les clients sont-ils satisfaits du traitement de leur réclamation",
        "La satisfaction progresse-t-elle ou recule-t-elle",
        "Les actions avancent-elles, et sont-elles efficaces",
    ):
        assert question in text


def test_periods_read_as_months_and_ranges_in_the_readers_language() -> None:
    fr, en = Translator("fr"), Translator("en")
    assert period_label(fr, "2026-03") == "mars 2026"
    assert period_label(fr, "2026-02") == "févr. 2026"
    assert period_label(en, "2026-03") == "Mar 2026"
    assert period_label(fr, "2026-03-02..2026-03-15") == "02/03/2026 – 15/03/2026"


async def figures_from_whole_complaints(school: School, period: Period) -> PackFigures:
    """The pack as it was worked out before the SQL aggregates: from whole complaints."""
    first = period
    for _ in range(TREND_PERIODS - 1):
        first = first.previous()
    start = min(first.start, period.end - timedelta(days=REPEAT_WINDOW_DAYS))
    wanted = ComplaintFilter(received=Period(start, period.end))
    async with school.deps.uow() as uow:
        found = [c async for b in uow.complaints.matching(wanted, "Europe/Paris") for c in b]
        clients = await uow.clients.names(sorted({c.client_id for c in found}))
        staff = {m.id: m.name for m in await uow.staff.list(active_only=False) if m.id}
    deps = school.deps
    return quality_figures(PackInputs(period, found, clients, staff, deps.profile, deps.calendar))


async def test_the_database_counts_the_figures_whole_complaints_give(school: School) -> None:
    """Ties in every ranking, an even count of delays (the median between two), a letter
    not yet posted, a withdrawn complaint, complaints a year apart, a person named twice."""
    await march(school)
    school.later(days=2)
    refs = []
    for by in (school.client, school.other_client, school.other_client):
        refs.append((await school.file(by=by, category="vehicles")).reference)
        school.later(hours=7, minutes=12)  # 0.3 day: a delay on a rounding edge
        await school.acknowledge(refs[-1])
    async with school.deps.uow() as uow:
        c = await uow.complaints.get(refs[-1])
        assert c is not None
        assert c.acknowledgement
        c.acknowledgement = replace(c.acknowledgement, by_post=True, posted_at=None)
        c.persons = (*c.persons, PersonConcerned(school.manager.id, "x"))
        await uow.complaints.save(c)
        await uow.commit()
    await withdraw_complaint(school.deps, school.client, WithdrawComplaint(refs[0]))
    school.later(days=300)
    await school.file()
    for label in ("2026-03", "2026-04", "2026-01..2026-06", "2027-02", "2027"):
        period = parse_period(label)
        by_sql = await build_quality_pack(school.deps, school.manager, period)
        whole = await figures_from_whole_complaints(school, period)
        assert (
            replace(by_sql, actions_checked=0, actions_effective_pct=None, checks_late=0) == whole
        )
        assert to_json(by_sql) == to_json(
            replace(
                whole,
                actions_checked=by_sql.actions_checked,
                actions_effective_pct=by_sql.actions_effective_pct,
                checks_late=by_sql.checks_late,
            )
        )
