"""The Telegram channel's counters, in the Prometheus client's default registry: what the
engine receives and processes, and how the sender's deliveries end. The composition root
serves them on ``/metrics`` with the gauges it reads from the database."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

UPDATES_RECEIVED = Counter(
    "reclam_updates_received", "Updates from Telegram stored by this process", ["source"]
)
UPDATES_PROCESSED = Counter(
    "reclam_updates_processed", "Updates processed by this process, by result", ["result"]
)
PROCESSING_SECONDS = Histogram(
    "reclam_update_processing_seconds",
    "Time to process one update (decide, act, write the replies), in seconds",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DELIVERIES = Counter(
    "reclam_deliveries",
    "Outbox deliveries by result: sent, retried, 429, 403, failed, expired, interrupted",
    ["result"],
)
WEBHOOK_REFUSED = Counter(
    "reclam_webhook_refused", "Webhook requests refused for a wrong or missing secret token"
)
OUTBOX_SENDING = Gauge(
    "reclam_outbox_sending",
    "1 while this process drains the outbox (with several replicas, exactly one does)",
)
UPDATES_SWEPT = Counter(
    "reclam_updates_swept",
    "Updates another replica stored and left unprocessed, taken up by this process",
)
