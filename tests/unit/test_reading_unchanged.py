"""The fast story finder and readability check decide exactly as the code they replaced."""

from __future__ import annotations

import json

from tests.fixtures.plaincorpus import RECORDING, readings


def test_every_decision_on_the_corpus_is_the_recorded_one() -> None:
    recorded = json.loads(RECORDING.read_text(encoding="utf-8"))
    now = readings()
    assert len(now) == len(recorded) > 2_000
    changed = [name for name in recorded if now.get(name) != recorded[name]]
    assert not changed, (
        "\n".join(
            f"{name}:\n  recorded {recorded[name]}\n  now      {now.get(name)}"
            for name in changed[:5]
        )
        + f"\n({len(changed)} texts decided differently)"
    )
