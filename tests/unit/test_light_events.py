"""Stored events read back without the models: a field the payload leaves out reads as the model's default."""

from __future__ import annotations

import pytest

from tracker.domain.events import EVENT_CLASSES
from tracker.store.light import default, light_event

OPTIONAL = sorted((kind, name, field.default) for kind, cls in EVENT_CLASSES.items()
                  for name, field in cls.model_fields.items() if not field.is_required() and name not in ("id", "type"))


@pytest.mark.parametrize(("kind", "name", "model_default"), OPTIONAL, ids=lambda v: str(v))
def test_every_optional_field_of_every_model_reads_as_its_default(kind: str, name: str, model_default: object) -> None:
    expected = tuple(model_default) if isinstance(model_default, list) else model_default
    assert default(name) == expected, f"{kind}.{name}: add it to tracker/store/light.py"


def test_a_stored_field_wins_and_dates_and_terms_are_read() -> None:
    event = light_event("e1", '{"type": "proposed", "proposal": "p", "date": "2025-03", "party": "US", '
                              '"title": "t", "kind": "other", "parties": ["UA"], '
                              '"terms": [{"id": "halt", "text": "Halt"}], "confidence": "claimed"}')
    assert (event.id, event.confidence, str(event.date), event.terms[0].id, event.counter_to) == (
        "e1", "claimed", "2025-03", "halt", None)
    assert event.sources == () and event.note is None


def test_the_read_path_does_not_need_the_models() -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    probe = "import sys, tracker.store.light; print('pydantic' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert run.stdout.strip() == "False", run.stderr
