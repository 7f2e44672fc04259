"""The quality-meeting pack as files: a PDF with charts (matplotlib), and the same figures
as JSON or CSV for a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from core import wording
from core.domain.enums import Channel
from core.domain.errors import N_, DomainError
from core.domain.periods import parse_period
from core.domain.profile import SchoolProfile
from core.i18n import Translator
from core.reports.quality import PackFigures

if TYPE_CHECKING:  # matplotlib and fpdf2 load when a pack is drawn, not with this module
    from fpdf import FPDF
    from matplotlib.axes import Axes

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
    ("actions_checked", N_("Actions checked for effect")),
    ("actions_effective_pct", N_("Actions that worked, of those checked (%)")),
    ("checks_late", N_("Effectiveness checks overdue")),
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


@cache
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # no screen: draw into memory
    from matplotlib import pyplot

    return pyplot


def _chart(draw: Callable[[Axes], None], title: str, counts: str = "y", bars: int = 0) -> bytes:
    """A chart; ``counts`` names the axis of counts ("x", "y" or ""), ticked in whole
    numbers; a chart of ``bars`` horizontal bars is as tall as they need."""
    from matplotlib.ticker import MaxNLocator

    pyplot = _pyplot()
    height = min(2.7, 0.9 + 0.32 * bars) if bars else 2.7
    with pyplot.rc_context(CHART_STYLE):
        figure, axes = pyplot.subplots(figsize=(6.4, height), dpi=150)
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


def _bars(names: list[str], values: list[float], color: str = "#4472c4") -> Callable[[Axes], None]:
    """Horizontal bars, the first name at the top."""

    def draw(ax: Axes) -> None:
        ax.barh(names[::-1], values[::-1], color=color)

    return draw


def _percent_bars(names: list[str], values: list[float]) -> Callable[[Axes], None]:
    def draw(ax: Axes) -> None:
        ax.barh(names[::-1], values[::-1], color="#305496")
        ax.set_xlim(0, 100)

    return draw


@dataclass(frozen=True)
class Question:
    """One question the quality meeting asks, the chart that answers it (if there is
    something to draw) and the tables beside it."""

    title: str
    chart: bytes | None
    tables: list[tuple[str, str, list[tuple[str, str]]]]  # heading, column, rows


def _volume(f: PackFigures, tr: Translator) -> Question:
    labels = [period_label(tr, label) for label, _ in f.trend]
    slant = _over_time(labels)

    def per_period(ax: Axes) -> None:
        ax.bar(range(len(labels)), [n for _, n in f.trend], color="#305496")
        slant(ax)

    rows = [(label, _count(tr, n)) for label, (_, n) in zip(labels, f.trend, strict=True)]
    complaints = tr.gettext("Complaints")
    return Question(
        tr.gettext("How many complaints, and how does it evolve?"),
        _chart(per_period, tr.gettext("Complaints per period")),
        [(tr.gettext("Complaints per period"), complaints, rows)],
    )


def _subjects(f: PackFigures, tr: Translator) -> Question:
    complaints = tr.gettext("Complaints")
    names = list(f.by_category)
    chart = (
        _chart(
            _bars(names, [f.by_category[n] for n in names]),
            tr.gettext("By category"),
            "x",
            len(names),
        )
        if names
        else None
    )
    channels = [(wording.channel(tr, Channel(k)), _count(tr, n)) for k, n in f.by_channel.items()]
    return Question(
        tr.gettext("What are they about, and how did they reach the school?"),
        chart,
        [
            (
                tr.gettext("By category"),
                complaints,
                [(n, _count(tr, c)) for n, c in f.by_category.items()],
            ),
            (tr.gettext("By channel"), complaints, channels),
        ],
    )


def _people(f: PackFigures, tr: Translator) -> Question:
    complaints = tr.gettext("Complaints")
    names = list(f.by_instructor)
    chart = (
        _chart(
            _bars(names, [f.by_instructor[n] for n in names], "#70ad47"),
            tr.gettext("By instructor named"),
            "x",
            len(names),
        )
        if names
        else None
    )
    repeated = tr.gettext("Complaints")
    return Question(
        tr.gettext("Who is named, and does anything come back?"),
        chart,
        [
            (
                tr.gettext("By instructor named"),
                complaints,
                [(n, _count(tr, c)) for n, c in f.by_instructor.items()],
            ),
            (
                tr.gettext("Clients with repeated complaints (12 months)"),
                repeated,
                [(n, _count(tr, c)) for n, c in f.repeated_clients],
            ),
            (
                tr.gettext("Staff named repeatedly (12 months)"),
                repeated,
                [(n, _count(tr, c)) for n, c in f.repeated_instructors],
            ),
        ],
    )


def _seriousness(f: PackFigures, tr: Translator) -> Question:
    names = list(f.by_priority)
    chart = (
        _chart(
            _bars(names, [f.by_priority[n] for n in names], "#c55a11"),
            tr.gettext("By priority"),
            "x",
            len(names),
        )
        if names
        else None
    )
    rows = [(n, _count(tr, c)) for n, c in f.by_priority.items()]
    return Question(
        tr.gettext("How serious are they?"),
        chart,
        [(tr.gettext("By priority"), tr.gettext("Complaints"), rows)],
    )


def _deadlines(f: PackFigures, tr: Translator) -> Question:
    shares = [
        (tr.gettext("Acknowledged in time"), f.acknowledged_in_time_pct),
        (tr.gettext("Answered in time"), f.answered_in_time_pct),
    ]
    known = [(n, v) for n, v in shares if v is not None]
    chart = (
        _chart(
            _percent_bars([n for n, _ in known], [v for _, v in known]),
            tr.gettext("Within the deadline (%)"),
            "",
            len(known),
        )
        if known
        else None
    )
    keys = (
        "acknowledged_in_time_pct",
        "days_to_acknowledge_median",
        "days_to_acknowledge_p90",
        "answered_in_time_pct",
        "days_to_answer_median",
        "days_to_answer_p90",
    )
    return Question(tr.gettext("Are the deadlines kept?"), chart, [_figures(f, tr, keys)])


def _decisions(f: PackFigures, tr: Translator) -> Question:
    names = [tr.gettext("Accepted"), tr.gettext("Rejected")]
    chart = (
        _chart(_bars(names, [f.accepted, f.rejected], "#5b9bd5"), tr.gettext("Decisions"), "x", 2)
        if f.accepted or f.rejected
        else None
    )
    keys = ("accepted", "rejected", "compensation_cents")
    return Question(
        tr.gettext("What was decided, and at what cost?"), chart, [_figures(f, tr, keys)]
    )


def _satisfaction(f: PackFigures, tr: Translator) -> tuple[Question, Question]:
    shares = [
        (tr.gettext("Taken into account"), f.taken_into_account_pct),
        (tr.gettext("Actions carried out"), f.actions_carried_out_pct),
    ]
    known = [(n, v) for n, v in shares if v is not None]
    chart = (
        _chart(
            _percent_bars([n for n, _ in known], [v for _, v in known]),
            tr.gettext("Clients answering yes (%)"),
            "",
            len(known),
        )
        if known
        else None
    )
    keys = ("surveys", "taken_into_account_pct", "actions_carried_out_pct", "satisfaction_mean")
    per_question = Question(
        tr.gettext("Are clients satisfied with how their complaint was handled?"),
        chart,
        [_figures(f, tr, keys)],
    )
    labels = [period_label(tr, label) for label, _ in f.satisfaction_trend]
    scores = [(i, s) for i, (_, s) in enumerate(f.satisfaction_trend) if s is not None]
    slant = _over_time(labels)

    def line(ax: Axes) -> None:
        ax.plot([i for i, _ in scores], [s for _, s in scores], marker="o", color="#305496")
        ax.set_ylim(0, 5.2)
        slant(ax)

    trend = _chart(line, tr.gettext("Satisfaction per period (out of 5)"), "") if scores else None
    rows = [
        (label, "—" if score is None else tr.number(score))
        for label, (_, score) in zip(labels, f.satisfaction_trend, strict=True)
    ]
    over_time = Question(
        tr.gettext("Is satisfaction rising or falling?"),
        trend,
        [(tr.gettext("Satisfaction per period"), tr.gettext("Mean out of 5"), rows)],
    )
    return per_question, over_time


def _actions(f: PackFigures, tr: Translator) -> Question:
    done = len(f.done_actions)
    bars = [
        (tr.gettext("Open actions"), f.open_actions),
        (tr.gettext("Late actions"), f.late_actions),
        (tr.gettext("Actions done"), done),
        (tr.gettext("Effectiveness checks"), f.actions_checked),
        (tr.gettext("Checks overdue"), f.checks_late),
    ]
    chart = (
        _chart(
            _bars([n for n, _ in bars], [v for _, v in bars], "#7f6000"),
            tr.gettext("Actions"),
            "x",
            len(bars),
        )
        if any(v for _, v in bars)
        else None
    )
    keys = (
        "open_actions",
        "late_actions",
        "actions_checked",
        "actions_effective_pct",
        "checks_late",
    )
    return Question(
        tr.gettext("Do the actions move forward, and do they work?"),
        chart,
        [_figures(f, tr, keys)],
    )


def _figures(
    f: PackFigures, tr: Translator, keys: tuple[str, ...]
) -> tuple[str, str, list[tuple[str, str]]]:
    values, labels = asdict(f), dict(HEADLINES)
    rows = [(tr.gettext(labels[k]), _value(tr, k, values[k])) for k in keys]
    return tr.gettext("Figure"), tr.gettext("Value"), rows


def questions(f: PackFigures, tr: Translator) -> list[Question]:
    """The meeting's questions, in the order it asks them."""
    happy, trend = _satisfaction(f, tr)
    return [
        _volume(f, tr),
        _subjects(f, tr),
        _people(f, tr),
        _seriousness(f, tr),
        _deadlines(f, tr),
        _decisions(f, tr),
        happy,
        trend,
        _actions(f, tr),
    ]


@cache
def _pack_pages() -> Any:
    """The pack's page class (made on first use: fpdf2 loads only then)."""
    from core.documents.pdf import FONT, Document

    class PackPages(Document):
        def header(self) -> None:
            if self.page_no() == 1:  # the cover
                return
            self.set_font(FONT, "", 8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, self.title or "", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)
            self.ln(2)

    return PackPages


def _cover(pdf: FPDF, tr: Translator, profile: SchoolProfile, period: str, made: str) -> None:
    from core.documents.pdf import FONT

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
    from core.documents.pdf import FONT

    pdf.ln(3)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.ln(1)


def _two_columns(pdf: FPDF, heads: tuple[str, str], rows: list[tuple[str, str]]) -> None:
    """A table whose first row is its heading row, on purpose and shaded as one."""
    from fpdf.fonts import FontFace

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


def _question(pdf: FPDF, q: Question) -> None:
    """A question on a page of its own when the chart would not fit below the last one."""
    if pdf.get_y() > pdf.h - 120:
        pdf.add_page()
    _section(pdf, q.title)
    if q.chart is not None:
        pdf.image(io.BytesIO(q.chart), w=170)
    for heading, column, rows in q.tables:
        if rows:
            pdf.ln(2)
            _two_columns(pdf, (heading, column), rows)


def to_pdf(
    figures: PackFigures, tr: Translator, profile: SchoolProfile, made_on: date | None = None
) -> bytes:
    pdf = _pack_pages()()
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
    _two_columns(
        pdf, heads, [(tr.gettext(label), _value(tr, k, values[k])) for k, label in HEADLINES]
    )
    for question in questions(figures, tr):
        _question(pdf, question)
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
