"""The quality-meeting pack as files: a PDF with charts (matplotlib), and the same figures
as JSON or CSV for a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

import matplotlib

matplotlib.use("Agg")  # no screen: draw into memory
from matplotlib import pyplot  # noqa: E402

from core import wording  # noqa: E402
from core.documents.pdf import FONT, Document  # noqa: E402
from core.domain.enums import Channel  # noqa: E402
from core.domain.errors import N_  # noqa: E402
from core.domain.profile import SchoolProfile  # noqa: E402
from core.i18n import Translator  # noqa: E402
from core.reports.quality import PackFigures  # noqa: E402

#: the headline figures, in the order the pack shows them
HEADLINES = (
    ("received", N_("Complaints received")),
    ("acknowledged_in_time_pct", N_("Acknowledged within the deadline (%)")),
    ("days_to_acknowledge_median", N_("Days to acknowledge, median")),
    ("days_to_acknowledge_p90", N_("Days to acknowledge, 90th percentile")),
    ("days_to_answer_median", N_("Days to answer, median")),
    ("days_to_answer_p90", N_("Days to answer, 90th percentile")),
    ("answered_in_time_pct", N_("Answered within the deadline (%)")),
    ("accepted", N_("Accepted")),
    ("rejected", N_("Rejected")),
    ("compensation_cents", N_("Cost of compensations")),
    ("surveys", N_("Surveys answered")),
    ("taken_into_account_pct", N_("Taken into account, clarified, explained (%)")),
    ("actions_carried_out_pct", N_("Actions planned and carried out (%)")),
    ("satisfaction_mean", N_("Satisfaction, mean out of 5")),
    ("open_actions", N_("Open actions")),
    ("late_actions", N_("Late actions")),
)


def to_json(figures: PackFigures) -> bytes:
    return json.dumps(asdict(figures), ensure_ascii=False, indent=2).encode()


def _value(tr: Translator, key: str, value: object) -> str:
    if value is None:
        return "—"
    if key == "compensation_cents" and isinstance(value, int):
        return tr.money(value)
    if isinstance(value, float):
        return tr.number(value)
    return str(value)


def to_csv(figures: PackFigures, tr: Translator) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([tr.gettext("Figure"), tr.gettext("Value")])
    values = asdict(figures)
    for key, label in HEADLINES:
        writer.writerow([tr.gettext(label), _value(tr, key, values[key])])
    for title, pairs in _tables(figures, tr):
        for name, count in pairs:
            writer.writerow([f"{title} — {name}", count])
    return ("\ufeff" + out.getvalue()).encode()


def _tables(figures: PackFigures, tr: Translator) -> list[tuple[str, list[tuple[str, object]]]]:
    return [
        (tr.gettext("Complaints per period"), list(figures.trend)),
        (tr.gettext("By category"), list(figures.by_category.items())),
        (
            tr.gettext("By channel"),
            [(wording.channel(tr, Channel(k)), n) for k, n in figures.by_channel.items()],
        ),
        (tr.gettext("By instructor named"), list(figures.by_instructor.items())),
        (tr.gettext("By priority"), list(figures.by_priority.items())),
        (
            tr.gettext("Satisfaction per period"),
            [
                (label, "—" if score is None else tr.number(score))
                for label, score in figures.satisfaction_trend
            ],
        ),
        (
            tr.gettext("Clients with repeated complaints (12 months)"),
            list(figures.repeated_clients),
        ),
        (tr.gettext("Staff named repeatedly (12 months)"), list(figures.repeated_instructors)),
    ]


def _chart(draw: object, title: str) -> bytes:
    figure, axes = pyplot.subplots(figsize=(6, 2.6), dpi=110)
    draw(axes)  # type: ignore[operator]
    axes.set_title(title, fontsize=10)
    axes.tick_params(labelsize=7)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    pyplot.close(figure)
    return out.getvalue()


def charts(figures: PackFigures, tr: Translator) -> list[bytes]:
    labels = [label for label, _ in figures.trend]
    found = [
        _chart(
            lambda ax: ax.bar(labels, [n for _, n in figures.trend], color="#305496"),
            tr.gettext("Complaints per period"),
        ),
    ]
    if figures.by_category:
        names = list(figures.by_category)[::-1]
        found.append(
            _chart(
                lambda ax: ax.barh(
                    names, [figures.by_category[n] for n in names], color="#4472c4"
                ),
                tr.gettext("By category"),
            )
        )
    scores = [(label, s) for label, s in figures.satisfaction_trend if s is not None]
    if scores:

        def line(ax: object) -> None:
            ax.plot([label for label, _ in scores], [s for _, s in scores], marker="o")  # type: ignore[attr-defined]
            ax.set_ylim(0, 5.2)  # type: ignore[attr-defined]

        found.append(_chart(line, tr.gettext("Satisfaction per period (out of 5)")))
    return found


def to_pdf(figures: PackFigures, tr: Translator, profile: SchoolProfile) -> bytes:
    pdf = Document()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    title = tr.gettext("Quality meeting pack — {period}", period=figures.period)
    pdf.set_title(title)
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 8, f"{profile.name}\n{title}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, "", 9)
    values = asdict(figures)
    with pdf.table(col_widths=(120, 50), width=170, line_height=5) as table:
        for key, label in HEADLINES:
            table.row([tr.gettext(label), _value(tr, key, values[key])])
    for png in charts(figures, tr):
        pdf.image(io.BytesIO(png), w=170)
    for heading, pairs in _tables(figures, tr)[1:]:
        if not pairs:
            continue
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 9)
        for name, count in pairs:
            pdf.multi_cell(0, 5, f"  {name} : {count}", new_x="LMARGIN", new_y="NEXT")
    if figures.done_actions:
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(
            0,
            6,
            tr.gettext("Actions done and their result"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_font(FONT, "", 9)
        for reference, action, result in figures.done_actions:
            pdf.multi_cell(
                0, 5, f"  {reference} — {action} : {result}", new_x="LMARGIN", new_y="NEXT"
            )
    return bytes(pdf.output())
