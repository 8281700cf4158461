"""Field roles are declared once, on the model (briefing/roles.py): every check reads them there."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.errors import BriefingError
from briefing.load import load_brief
from briefing.load.text import check_text
from briefing.load.yamlfile import read_yaml
from briefing.model import BriefMeta, SourceMeta
from briefing.roles import Role, paths, role_of, scopes
from tests.conftest import edit

pytestmark = pytest.mark.load


def test_roles_are_read_from_the_model_with_paths_under_every_yaml_key():
    assert role_of(BriefMeta, ("bluf",)) == Role.BLOCK | Role.CITES | Role.LIKELIHOOD
    assert role_of(BriefMeta, ("key_judgments", 2, "text")).markdown == "inline"
    assert role_of(BriefMeta, ("stances", 0, "meaning")).markdown is None
    assert role_of(BriefMeta, ("stances", 0, "meaning")).prose
    assert not role_of(BriefMeta, ("short_title",))
    # a source's positions, one text or one per issue, are inline Markdown that must cite
    assert role_of(SourceMeta, ("positions", "us")) == Role.INLINE | Role.CITES
    assert role_of(SourceMeta, ("positions", "us", "sanctions")) == Role.INLINE | Role.CITES
    # a field with a CSL name and an older one is checked under both
    assert paths(SourceMeta, where=lambda r: Role.URL in r) == (("URL",), ("url",))
    # an indicator's why is read in one citation scope with its text; other fields alone
    assert (("indicators", "*", "text"), ("indicators", "*", "why")) in scopes(BriefMeta)
    assert (("bluf",),) in scopes(BriefMeta)


@pytest.mark.parametrize("where", ["one text", "per issue"])
def test_markdown_a_position_may_not_hold_is_refused_by_check(mini, where):
    """The drift this fixes: positions are rendered as inline Markdown, but check let a code span
    through, which the DOCX could not write and the Markdown export dropped."""
    path = mini / "sources" / "demo-2021.yaml"
    old = "  russia: Moscow stresses stability above all [@demo-2021]."
    if where == "one text":
        edit(path, old, "  russia: Moscow stresses `stability` above all [@demo-2021].")
        field = "positions.russia"
    else:
        edit(path, old, "  russia:\n    peace: Moscow stresses `stability` above all [@demo-2021].")
        field = "positions.russia.peace"
    with pytest.raises(BriefingError) as caught:
        load_brief(mini)
    found = [p for p in caught.value.problems if "inline code" in p.message]
    assert [(p.path.name, p.field) for p in found] == [("demo-2021.yaml", field)]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert found[0].line == next(n for n, line in enumerate(lines, 1) if "`stability`" in line)


def test_a_url_under_its_csl_name_is_held_to_the_allowed_schemes(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("URL: javascript:alert(1)\nnote: '`code` is plain text here'\n", encoding="utf-8")
    assert [(p.field, p.message) for p in check_text(read_yaml(path))] == [
        ("URL", "not a web address (http, https, mailto:)")
    ]


@pytest.mark.parametrize("fixture", ["seeds", "tests/fixtures/mekong", "tests/fixtures/ar"])
def test_the_templates_render_each_prose_field_as_its_role_says(fixture, monkeypatch):
    """md() for block Markdown, mdi() for inline, plain text otherwise: a template that chose
    differently from the model's declaration would let check pass what a writer cannot build."""
    from briefing.html import markdown
    from briefing.html.render import render_html
    from briefing.load.phrases import _expand, _get

    rendered: dict[str, set[str]] = {}
    for kind, method in (("block", "block"), ("inline", "inline"), ("plain", "plain")):
        real = getattr(markdown.Prose, method)

        def spy(self, text, *args, _real=real, _kind=kind, **kwargs):
            rendered.setdefault(text, set()).add(_kind)
            return _real(self, text, *args, **kwargs)

        monkeypatch.setattr(markdown.Prose, method, spy)
    brief = load_brief(Path(__file__).parent.parent / fixture)
    render_html(brief)
    documents = [(brief.model_dump(exclude={"sources"}), BriefMeta)]
    documents += [(s.model_dump(exclude={"text", "text_path"}), SourceMeta) for s in brief.sources]
    checked = 0
    for data, model in documents:
        for pattern in paths(model, where=lambda r: r.prose):
            role = role_of(model, pattern)
            for (loc,) in _expand(data, (pattern,)):
                text = _get(data, loc)
                if not isinstance(text, str):
                    continue
                kinds = rendered.get(text, set())
                if loc[0] == "positions" and len(loc) == 3:  # printed joined: "Issue: text Issue: text"
                    kinds = {k for t, ks in rendered.items() if text in t for k in ks}
                if role.markdown:
                    assert kinds == {role.markdown}, (loc, kinds, role)
                    checked += 1
                else:
                    assert not kinds - {"plain"}, (loc, kinds, role)
    assert checked >= 15


def test_a_url_under_its_csl_name_must_appear_in_the_text_unless_new_source_read_it(mini):
    from briefing.load.record import url_seal

    path = mini / "sources" / "demo-2021.yaml"
    edit(path, "outlet: Fixture Review\n", "outlet: Fixture Review\nURL: https://guessed.example.org/x\n")
    with pytest.raises(BriefingError) as caught:
        load_brief(mini)
    assert [(p.field, p.message.split(",")[0]) for p in caught.value.problems] == [
        ("URL", f"does not appear in {path.with_suffix('.txt')}")
    ]
    edit(path, "URL: https://guessed.example.org/x\n", "URL: https://guessed.example.org/x\naccessed: 2024-05-01\n")
    with pytest.raises(BriefingError):  # accessed: alone does not vouch for it
        load_brief(mini)
    seal = url_seal("https://guessed.example.org/x", path.with_suffix(".txt").read_bytes())
    edit(path, "accessed: 2024-05-01\n", f"accessed: 2024-05-01\nurl_sha256: {seal}\n")
    assert load_brief(mini).sources[0].url == "https://guessed.example.org/x"


def test_the_built_in_templates_print_the_brief_through_its_roles_only():
    """Every field reaches the HTML through prose(owner, field), which reads the field's roles:
    no built-in template chooses block, inline or plain rendering itself."""
    import re

    from briefing.paths import TEMPLATES

    calls = {
        str(path.relative_to(TEMPLATES)): re.findall(r"\b(?:md|mdi|plain)\(", path.read_text(encoding="utf-8"))
        for path in TEMPLATES.rglob("*.j2")
    }
    assert {name: found for name, found in calls.items() if found} == {}
    printed = sum(p.read_text(encoding="utf-8").count("prose(") for p in TEMPLATES.rglob("*.j2"))
    assert printed >= 15


@pytest.mark.parametrize("fixture", ["tests/fixtures/mini", "tests/fixtures/ja"])
def test_a_field_without_a_prose_role_cannot_be_printed_as_prose(fixture, tmp_path):
    """prose() refuses a field the model declares no prose role for (the brief's language) and
    takes the role of the one it is given: a template cannot print a field another way."""
    from markupsafe import escape

    from briefing.html.markdown import typographic
    from briefing.html.render import render_html
    from briefing.paths import TEMPLATES

    folder = tmp_path / "templates" / "sections"
    folder.mkdir(parents=True)
    body = (TEMPLATES / "sections" / "bluf.html.j2").read_text(encoding="utf-8")
    (folder / "bluf.html.j2").write_text('{{ prose(brief, "lang") }}\n' + body, encoding="utf-8")
    brief = load_brief(Path(__file__).parent.parent / fixture)
    with pytest.raises(BriefingError) as err:
        render_html(brief, template_dir=tmp_path / "templates")
    (problem,) = err.value.problems
    assert str(problem).endswith("bluf.html.j2:1:1: template error: ValueError: Brief.lang is not a prose field"), str(problem)
    (folder / "bluf.html.j2").write_text('<p class="probe">{{ prose(brief, "title") }}</p>\n' + body, encoding="utf-8")
    html = render_html(brief, template_dir=tmp_path / "templates")
    assert html.count(f'<p class="probe">{escape(typographic(brief.title, brief.lang))}</p>') == 1  # plain, as declared
