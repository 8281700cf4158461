"""Field roles are declared once, on the model (briefing/roles.py): every check reads them there."""

from __future__ import annotations

import pytest

from briefing.errors import BriefingError
from briefing.load import load_brief
from briefing.load.text import check_text
from briefing.load.yamlfile import read_yaml
from briefing.model import BriefMeta, SourceMeta
from briefing.roles import Role, paths, role_of, scopes
from tests.conftest import edit


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
