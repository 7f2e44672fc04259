"""Translate complaints between the domain objects and the table rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import RowMapping

from core.domain.complaint import Complaint
from core.domain.enums import (
    ActionKind,
    Channel,
    ClosureKind,
    CompensationKind,
    EvidenceKind,
    Outcome,
    Priority,
    Status,
)
from core.domain.values import (
    Acknowledgement,
    Action,
    Closure,
    Compensation,
    Decision,
    DesiredSolution,
    Evaluation,
    Evidence,
    PersonConcerned,
    SurveyAnswer,
    iso,
    parse_date,
    parse_datetime,
)

Row = RowMapping


def _json(value: Any) -> Any:
    if value is None:
        return None
    out = {}
    for key, item in vars(value).items():
        if key == "compensations":
            continue
        out[key] = iso(item) if hasattr(item, "isoformat") else getattr(item, "value", item)
    return out


def complaint_row(c: Complaint) -> dict[str, Any]:
    return {
        "reference": c.reference,
        "client_id": c.client_id,
        "category": c.category,
        "subject": c.subject,
        "description": c.description,
        "incident_on": c.incident_on,
        "incident_place": c.incident_place,
        "desired_code": c.desired.code,
        "desired_text": c.desired.text,
        "confidential": c.confidential,
        "channel": c.channel.value,
        "status": c.status.value,
        "received_at": c.received_at,
        "acknowledge_by": c.acknowledge_by,
        "answer_by": c.answer_by,
        "acknowledgement": _json(c.acknowledgement),
        "evaluation": _json(c.evaluation),
        "priority": c.evaluation.priority.value if c.evaluation else None,
        "handler_id": c.handler_id,
        "decision": _json(c.decision),
        "outcome": c.decision.outcome.value if c.decision else None,
        "survey": _json(c.survey),
        "satisfaction": c.survey.satisfaction if c.survey else None,
        "closure": _json(c.closure),
        "closed_at": c.closure.at if c.closure else None,
        "withdrawn_at": c.withdrawn_at,
        "reopen_count": c.reopen_count,
        "last_client_update_at": c.last_client_update_at,
    }


def _when(value: Any) -> Any:
    parsed = parse_datetime(value)
    assert parsed is not None
    return parsed


def _acknowledgement(j: Any) -> Acknowledgement | None:
    if not j:
        return None
    answer_by = parse_date(j["answer_by"])
    assert answer_by is not None
    posted = j.get("posted_at")
    return Acknowledgement(
        _when(j["at"]),
        j["document_name"],
        j["document_sha256"],
        answer_by,
        bool(j.get("by_post", False)),
        _when(posted) if posted else None,
    )


def _evaluation(j: Any) -> Evaluation | None:
    if not j:
        return None
    return Evaluation(
        j["severity"],
        j["complexity"],
        j["impact"],
        j["safety"],
        Priority(j["priority"]),
        parse_date(j["answer_by"]),
        _when(j["at"]),
    )


def _decision(j: Any, comps: Sequence[Row]) -> Decision | None:
    if not j:
        return None
    return Decision(
        Outcome(j["outcome"]),
        j["reasons"],
        tuple(
            Compensation(
                CompensationKind(r["kind"]), r["amount_cents"], r["quantity"], r["description"]
            )
            for r in comps
        ),
        j["mediator_block"],
        _when(j["at"]),
        j["by_staff_id"],
    )


def _survey(j: Any) -> SurveyAnswer | None:
    if not j:
        return None
    return SurveyAnswer(
        j["taken_into_account"],
        j["actions_carried_out"],
        j["satisfaction"],
        j["comment"],
        _when(j["at"]),
    )


def _closure(j: Any) -> Closure | None:
    return Closure(ClosureKind(j["kind"]), j["reason"], _when(j["at"])) if j else None


def _action(r: Row) -> Action:
    return Action(
        r["number"],
        ActionKind(r["kind"]),
        r["description"],
        r["owner_id"],
        r["due_on"],
        r["planned_at"],
        r["shared_with_client"],
        r["result"],
        r["done_at"],
        r["follow_up_of"],
        r["reviewed_at"],
        r["effective"],
        r["review_note"],
    )


def complaint_from_rows(
    row: Row,
    persons: Sequence[Row] = (),
    evidence: Sequence[Row] = (),
    actions: Sequence[Row] = (),
    comps: Sequence[Row] = (),
) -> Complaint:
    return Complaint(
        reference=row["reference"],
        client_id=row["client_id"],
        category=row["category"],
        subject=row["subject"],
        description=row["description"],
        incident_on=row["incident_on"],
        incident_place=row["incident_place"],
        persons=tuple(PersonConcerned(p["staff_id"], p["name"]) for p in persons),
        evidence=[Evidence(e["file_id"], EvidenceKind(e["kind"]), e["caption"]) for e in evidence],
        desired=DesiredSolution(row["desired_code"], row["desired_text"]),
        confidential=row["confidential"],
        channel=Channel(row["channel"]),
        status=Status(row["status"]),
        received_at=row["received_at"],
        acknowledge_by=row["acknowledge_by"],
        answer_by=row["answer_by"],
        acknowledgement=_acknowledgement(row["acknowledgement"]),
        evaluation=_evaluation(row["evaluation"]),
        handler_id=row["handler_id"],
        actions=[_action(a) for a in actions],
        decision=_decision(row["decision"], comps),
        survey=_survey(row["survey"]),
        closure=_closure(row["closure"]),
        withdrawn_at=row["withdrawn_at"],
        reopen_count=row["reopen_count"],
        last_client_update_at=row["last_client_update_at"],
        id=row["id"],
        version=row["version"],
    )
