"""The quality-meeting pack as files: a PDF with charts (matplotlib), and the same figures
as JSON or CSV for a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no screen: draw into memory
from fpdf import FPDF  # noqa: E402
from fpdf.fonts import FontFace  # noqa: E402
from matplotlib import pyplot  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from core import wording  # noqa: E402
from core.documents.pdf import FONT, Document  # noqa: E402
from core.domain.enums import Channel  # noqa: E402
from core.domain.errors import N_, DomainError  # noqa: E402
from core.domain.periods import parse_period  # noqa: E402
from core.domain.profile import SchoolProfile  # noqa: E402
from core.i18n import Translator  # noqa: E402
from core.reports.quality import PackFigures  # noqa: E402

#: the charts are drawn in the documents' font, so every name prints the same
CHART_STYLE: Any = {"font.family": "DejaVu Sans", "axes.unicode_minus": False}
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
        (
            tr.gettext("Complaints per period"),
            [(period_label(tr, label), n) for label, n in figures.trend],
        ),
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
                (period_label(tr, label), "—" if score is None else tr.number(score))
                for label, score in figures.satisfaction_trend
            ],
        ),
        (
            tr.gettext("Clients with repeated complaints (12 months)"),
            list(figures.repeated_clients),
        ),
        (tr.gettext("Staff named repeatedly (12 months)"), list(figures.repeated_instructors)),
    ]


def period_label(tr: Translator, label: str) -> str:
    """A period's label as a reader says it: "mars 2026" rather than "2026-03"."""
    try:
        period = parse_period(label)
    except DomainError:
        return label
    if period.label == period.start.strftime("%Y-%m"):
        return tr.date(period.start, "MMM y")
    return f"{tr.date(period.start, 'short')} – {tr.date(period.end, 'short')}"


def _chart(draw: Callable[[Axes], None], title: str, counts: str = "y") -> bytes:
    """A chart; ``counts`` names the axis of counts ("x", "y" or ""), ticked in whole
    numbers."""
    with pyplot.rc_context(CHART_STYLE):
        figure, axes = pyplot.subplots(figsize=(6.4, 2.7), dpi=150)
        draw(axes)
        axes.set_title(title, fontsize=10)
        axes.tick_params(labelsize=7)
        if counts:  # a count is a whole number: no 0.25 ticks
            axis = axes.xaxis if counts == "x" else axes.yaxis
            axis.set_major_locator(MaxNLocator(integer=True))
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png")
        pyplot.close(figure)
    return out.getvalue()


def _over_time(labels: list[str]) -> Callable[[Axes], None]:
    """Period labels readable over many months: slanted, and thinned past twelve."""

    def shape(ax: Axes) -> None:
        step = max(1, math.ceil(len(labels) / 12))
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(
            [x if i % step == 0 else "" for i, x in enumerate(labels)], rotation=30, ha="right"
        )

    return shape


def charts(figures: PackFigures, tr: Translator) -> list[bytes]:
    labels = [period_label(tr, label) for label, _ in figures.trend]
    slant = _over_time(labels)

    def per_period(ax: Axes) -> None:
        ax.bar(range(len(labels)), [n for _, n in figures.trend], color="#305496")
        slant(ax)

    found = [_chart(per_period, tr.gettext("Complaints per period"))]
    if figures.by_category:
        names = list(figures.by_category)[::-1]

        def per_category(ax: Axes) -> None:
            ax.barh(names, [figures.by_category[n] for n in names], color="#4472c4")

        found.append(_chart(per_category, tr.gettext("By category"), counts="x"))
    scores = [(i, s) for i, (_, s) in enumerate(figures.satisfaction_trend) if s is not None]
    if scores:

        def line(ax: Axes) -> None:
            ax.plot([i for i, _ in scores], [s for _, s in scores], marker="o", color="#305496")
            ax.set_ylim(0, 5.2)
            slant(ax)

        found.append(_chart(line, tr.gettext("Satisfaction per period (out of 5)"), counts=""))
    return found


class _PackPages(Document):
    def header(self) -> None:
        if self.page_no() == 1:  # the cover
            return
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.title or "", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(2)


def _cover(pdf: FPDF, tr: Translator, profile: SchoolProfile, period: str, made: str) -> None:
    pdf.add_page()
    pdf.set_y(80)
    pdf.set_font(FONT, "B", 22)
    pdf.multi_cell(0, 11, profile.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(FONT, "", 16)
    pdf.multi_cell(
        0, 9, tr.gettext("Quality meeting pack"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 9, period, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(20)
    pdf.set_font(FONT, "", 10)
    for line in (made, profile.address):
        if line:
            pdf.multi_cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")


def _section(pdf: FPDF, title: str) -> None:
    pdf.ln(3)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.ln(1)


def _two_columns(pdf: FPDF, heads: tuple[str, str], rows: list[tuple[str, str]]) -> None:
    """A table whose first row is its heading row, on purpose and shaded as one."""
    with pdf.table(
        col_widths=(125, 45),
        width=170,
        line_height=5,
        text_align=("LEFT", "RIGHT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=(220, 228, 242)),
    ) as table:
        table.row(list(heads))
        for name, value in rows:
            table.row([name, value])


def to_pdf(
    figures: PackFigures, tr: Translator, profile: SchoolProfile, made_on: date | None = None
) -> bytes:
    pdf = _PackPages()
    period = _period_words(tr, figures.period)
    title = tr.gettext("Quality meeting pack — {period}", period=period)
    pdf.set_title(title)
    pdf.set_author(profile.name)
    pdf.set_lang(tr.language)
    pdf.footer_text = f"{profile.name} — {title}"
    pdf.set_auto_page_break(auto=True, margin=16)
    made = tr.gettext("Prepared on {date}", date=tr.date(made_on)) if made_on else ""
    _cover(pdf, tr, profile, period, made)
    pdf.add_page()
    _section(pdf, tr.gettext("Key figures"))
    values = asdict(figures)
    heads = (tr.gettext("Figure"), tr.gettext("Value"))
    complaints = tr.gettext("Complaints")
    _two_columns(
        pdf, heads, [(tr.gettext(label), _value(tr, k, values[k])) for k, label in HEADLINES]
    )
    for png in charts(figures, tr):
        pdf.ln(3)
        pdf.image(io.BytesIO(png), w=170)
    satisfaction = tr.gettext("Satisfaction per period")
    for heading, pairs in _tables(figures, tr)[1:]:
        if pairs:
            pdf.ln(4)
            column = tr.gettext("Mean out of 5") if heading == satisfaction else complaints
            _two_columns(pdf, (heading, column), [(str(n), _count(tr, c)) for n, c in pairs])
    if figures.done_actions:
        _section(pdf, tr.gettext("Actions done and their result"))
        for reference, action, result in figures.done_actions:
            done = {"reference": reference, "action": action, "result": result}
            pdf.multi_cell(
                0,
                5,
                tr.gettext("{reference} — {action}: {result}", **done),
                new_x="LMARGIN",
                new_y="NEXT",
            )
    return bytes(pdf.output())


def _period_words(tr: Translator, label: str) -> str:
    try:
        return wording.period(tr, parse_period(label))
    except DomainError:
        return label


def _count(tr: Translator, value: object) -> str:
    return tr.number(value) if isinstance(value, int) else str(value)
