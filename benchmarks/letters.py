"""The acknowledgement letter built for an Arabic reader (shaped, laid out right to left)
against the same letter for a French reader (the baseline), in interleaved rounds: the
median time of each, their ratio and the spread of the ratio over the rounds.

    .venv/bin/python -m benchmarks.letters [--rounds 15] [--letters 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, date, datetime

from core.documents.acknowledgement import LetterFacts, acknowledgement_letter
from core.domain.complaint import Complaint
from core.domain.values import DesiredSolution
from core.i18n import Translator
from tests.school import demo_profile

FACTS = {
    "fr": ("Chloé Œuvrard", "Leçon annulée deux fois — 45,50 € facturés sans explication."),
    "ar": ("محمد العربي", "أُلغيت الحصة مرتين — وفُوتِر لي مبلغ 45,50 € دون أي توضيح."),
}


def build(language: str, letters: int) -> float:
    """Seconds to build ``letters`` acknowledgements for a reader of ``language``."""
    name, description = FACTS[language]
    complaint = Complaint(
        "REC-2026-0042",
        description=description,
        desired=DesiredSolution("refund", ""),
        received_at=datetime(2026, 11, 20, 9, tzinfo=UTC),
    )
    facts = LetterFacts(
        complaint,
        name,
        datetime(2026, 11, 20, 10, tzinfo=UTC),
        date(2026, 12, 20),
        chat_url="https://t.me/tilleuls_bot",
        postal_address="3 rue des Écoles, 69007 Lyon",
    )
    profile, tr = demo_profile(), Translator(language)
    start = time.perf_counter()
    for _ in range(letters):
        acknowledgement_letter(facts, profile, tr)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--letters", type=int, default=20)
    args = parser.parse_args()
    build("fr", 2)  # warm up: fonts parsed, catalogues compiled
    build("ar", 2)
    french, arabic = [], []
    for _ in range(args.rounds):  # interleaved, so that a slow moment hits both
        french.append(build("fr", args.letters) / args.letters)
        arabic.append(build("ar", args.letters) / args.letters)
    ratios = sorted(a / f for a, f in zip(arabic, french, strict=True))
    print(f"French letter (baseline): {statistics.median(french) * 1000:.1f} ms")
    print(f"Arabic letter:            {statistics.median(arabic) * 1000:.1f} ms")
    print(
        f"ratio {statistics.median(ratios):.2f} "
        f"(spread over {args.rounds} rounds: {ratios[0]:.2f} to {ratios[-1]:.2f})"
    )


if __name__ == "__main__":
    main()
