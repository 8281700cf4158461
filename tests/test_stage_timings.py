"""A step inside a build (a citation processor, a catalogue, a PDF post-processor) times itself
with ``timed(name)`` and shows up in the build's timings, nested in the stage around it."""

from __future__ import annotations

import uuid

import pytest

from briefing import build as build_module
from briefing.build import build
from briefing.stages import Stages, timed


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


@pytest.mark.build
def test_pdf_structure_is_a_stage_kept_by_content(mini, tmp_path, monkeypatch):
    from conftest import edit

    from briefing.pdf import writer

    edit(mini / "brief.yaml", 'title: "Fixture', f'title: "{uuid.uuid4().hex[:8]} Fixture')  # a PDF not made before
    made: list[bytes] = []
    finished = writer._finished

    def counting(raw, standard):
        made.append(raw)
        return finished(raw, standard)

    monkeypatch.setattr(writer, "_finished", counting)
    first = build(mini, tmp_path / "a", formats=("pdf",))
    second = build(mini, tmp_path / "b", formats=("pdf",), force=True)
    assert len(made) == 1, "the same WeasyPrint bytes are post-processed once"
    assert "pdf-structure" in first.timings and "pdf-structure" in second.timings
    assert first.timings["pdf-structure"] <= first.timings["pdf"]
    assert second.outputs["pdf"].read_bytes() == first.outputs["pdf"].read_bytes()
    assert finished(made[0], writer.standards.parse("ua-1")) == second.outputs["pdf"].read_bytes()
    assert made[0] != second.outputs["pdf"].read_bytes(), "post-processed, not WeasyPrint's bytes"
    import pikepdf

    with pikepdf.open(second.outputs["pdf"]) as pdf:
        assert "/StructTreeRoot" in pdf.Root


def test_a_step_run_twice_adds_up():
    stages = Stages()
    stages.record("cite", 0.25)
    stages.record("cite", 0.5)
    assert stages.timings["cite"] == 0.75


def test_the_citation_processor_is_a_stage(mini, tmp_path):
    result = build(mini, tmp_path, formats=("html",))
    assert 0 <= result.timings["cite"] <= result.timings["check"] + result.timings["html"]
