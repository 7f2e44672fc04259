"""The process's HTTP side: health, readiness and Prometheus metrics (and the webhook)."""
