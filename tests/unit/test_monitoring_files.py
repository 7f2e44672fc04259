"""The sample Grafana dashboard and Prometheus alert rules in deploy/ name only metrics
that ``reclam run`` serves, and parse as their tools expect."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from prometheus_client import REGISTRY

import bots.telegram.metrics
import reclam.http.metrics

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
SUFFIXES = ("_total", "_bucket", "_count", "_sum", "_created")


def served_names() -> set[str]:
    assert bots.telegram.metrics  # registered on import
    assert reclam.http.metrics
    return {
        sample.name
        for family in REGISTRY.collect()
        for sample in family.samples
        if sample.name.startswith("reclam_")
    } | {
        family.name + suffix
        for family in REGISTRY.collect()
        if family.name.startswith("reclam_")
        for suffix in ("", *SUFFIXES)
    }


def named_in(text: str) -> set[str]:
    return set(re.findall(r"\breclam_[a-z_]+", text))


def test_every_alert_rule_has_an_expression_on_served_metrics_and_a_summary() -> None:
    rules = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text())
    [group] = rules["groups"]
    assert len(group["rules"]) >= 8
    for rule in group["rules"]:
        assert rule["alert"].startswith("Reclam")
        assert rule["annotations"]["summary"]
        assert named_in(rule["expr"]) <= served_names(), rule["alert"]


def test_every_dashboard_panel_queries_served_metrics() -> None:
    dashboard = json.loads((DEPLOY / "grafana" / "reclam-dashboard.json").read_text())
    exprs = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    assert len(exprs) >= 10
    for expr in exprs:
        assert named_in(expr), expr
        assert named_in(expr) <= served_names(), expr
    shown = set().union(*(named_in(expr) for expr in exprs))
    for needed in ("reclam_outbox_depth", "reclam_deliveries_total", "reclam_complaints"):
        assert needed in shown
