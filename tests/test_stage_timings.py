"""A step inside a build (a citation processor, a catalogue, a PDF post-processor) times itself
with ``timed(name)`` and shows up in the build's timings, nested in the stage around it."""

from __future__ import annotations

import pytest

from briefing import build as build_module
from briefing.build import build
from briefing.workflow.options import Stages, timed


def test_a_timed_step_is_a_stage_of_the_build(mini, tmp_path, monkeypatch):
    render = build_module._render
    heard: list[tuple[str, float | None]] = []

    def render_timed(*args, **kwargs):
        with timed("probe"):
            return render(*args, **kwargs)

    monkeypatch.setattr(build_module, "_render", render_timed)
    result = build(mini, tmp_path, formats=("html",), stages=Stages(listener=lambda n, s: heard.append((n, s))))
    assert 0 < result.timings["probe"] <= result.timings["html"]
    assert ("probe", None) in heard and ("probe", result.timings["probe"]) in heard


def test_timed_outside_a_build_does_nothing():
    with timed("alone"):
        pass
    stages = Stages()
    with stages.active(), timed("inside"):
        pass
    assert set(stages.timings) == {"inside"}


def test_a_failing_step_is_not_recorded_and_the_error_passes(tmp_path):
    stages = Stages()
    with pytest.raises(ValueError), stages.active(), timed("broken"):
        raise ValueError("boom")
    assert "broken" not in stages.timings
