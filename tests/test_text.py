"""What text may hold (briefing/load/text.py): the Markdown constructs and links prose may use,
list depth, refused characters named by their class, each problem located at its text."""

from __future__ import annotations

import pytest
from conftest import DEMO, edit, failures, located, set_outlook

from briefing.html.markdown import Prose
from briefing.load import load_brief
from briefing.load.text import check_text, link_allowed
from briefing.load.yamlfile import read_yaml

pytestmark = pytest.mark.load


# --- what text may hold (briefing/load/text.py) -------------------------------------------------


@pytest.mark.parametrize("url", ["http://[unclosed", "https://exa mple.org", "https://e.org/\x7f", "ftp://e.org", "//e.org", ""])
def test_links_outside_the_allow_list(url):
    assert not link_allowed(url)


@pytest.mark.parametrize("url", ["http://e.org", " https://e.org/a?b=c ", "HTTPS://E.ORG", "mailto:desk@e.org"])
def test_links_inside_the_allow_list(url):
    assert link_allowed(url)


def test_an_unparseable_source_url_is_one_line_not_a_traceback(mini):
    edit(mini / DEMO, "published: 2021-03-01", 'published: 2021-03-01\nurl: "http://[oops"')
    assert failures(mini) == [located(mini, DEMO, "url:", "url", "not a web address (http, https, mailto:)", at='"')]


def test_a_link_in_prose_is_judged_as_markdown_normalises_it(mini):
    edit(mini / "brief.yaml", "outlook: Little will change soon", "outlook: Little [will](http://[oops) change soon")
    brief = load_brief(mini)  # the bracket is percent-encoded: an http link like any other
    assert '<a href="http://%5Boops">will</a>' in str(Prose(brief).inline(brief.outlook))


def test_inline_code_in_a_literal_block_is_located_by_its_text(mini):
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].",
         "outlook: |-\n  Little will change soon [@demo-2021].\n  Then `zz-code` again [@demo-2021].")
    assert failures(mini) == [
        located(mini, "brief.yaml", "`zz-code`", "outlook", "prose may not hold inline code (`…`); write plain text",
                at="zz-code")
    ]


def test_a_heading_on_the_last_line_of_the_file(mini):
    text = (mini / "brief.yaml").read_text(encoding="utf-8").replace(
        "outlook: Little will change soon [@demo-2021].\n", "")
    (mini / "brief.yaml").write_text(text + "outlook: |-\n  Little will change [@demo-2021].\n\n  # Heading", encoding="utf-8")
    last = len((mini / "brief.yaml").read_text(encoding="utf-8").splitlines())
    assert failures(mini) == [f"brief.yaml:{last}:3: outlook: prose may not hold a heading (# …); write plain text"]


def test_a_construct_that_folds_over_two_lines_is_found_by_its_first_thirty_characters(mini):
    code = "a" * 30
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].",
         f"outlook: >-\n  Little will change soon [@demo-2021] `{code}\n  bbb`.")
    assert failures(mini) == [
        located(mini, "brief.yaml", code, "outlook", "prose may not hold inline code (`…`); write plain text", at=code)
    ]


@pytest.mark.parametrize(("code", "kind"), [
    (0x00, "NUL"), (0x01, "a control character"), (0x1F, "a control character"), (0x7F, "a control character"),
    (0x9F, "a control character"), (0xD800, "a lone surrogate"), (0xDFFF, "a lone surrogate"),
    (0xFDD0, "a noncharacter"), (0xFDEF, "a noncharacter"), (0xFFFF, "a noncharacter"), (0x10FFFE, "a noncharacter"),
])
def test_a_refused_character_is_named_by_its_class(tmp_path, code, kind):
    escaped = f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"
    (tmp_path / "brief.yaml").write_text(f'title: x\nsubtitle: "ab{escaped}c"\n', encoding="utf-8")
    doc = read_yaml(tmp_path / "brief.yaml")
    assert [str(p) for p in check_text(doc)] == [
        f"{tmp_path}/brief.yaml:2:11: subtitle: contains U+{code:04X} ({kind}); delete it"  # an escape: the value
    ]


def test_a_construct_with_no_text_of_its_own_points_at_the_field(mini):
    edit(mini / "brief.yaml", "outlook: Little will change soon [@demo-2021].", "outlook: Little ` ` change [@demo-2021].")
    assert failures(mini) == [
        located(mini, "brief.yaml", "outlook:", "outlook", "prose may not hold inline code (`…`); write plain text",
                at="Little")
    ]


def test_a_citation_followed_by_parentheses_is_no_link(mini):
    set_outlook(mini, "Little [@demo-2021](javascript:x) change.")
    assert load_brief(mini).outlook == "Little [@demo-2021](javascript:x) change."


def test_an_inline_field_is_read_inline(mini):
    edit(mini / "brief.yaml", "aims: Stability above all [@demo-2021].", "aims: '# 1 is stability [@demo-2021].'")
    edit(mini / "brief.yaml", "aims: Peace on the 한반도 [@demo-2021].", "aims: '> Peace on the 한반도 [@demo-2021].'")
    assert load_brief(mini).actors[1].aims == "# 1 is stability [@demo-2021]."


@pytest.mark.parametrize(("lists", "problem"), [
    ("- a\n  - b\n- c\n  - d", None),  # two lists two deep, one after the other
    ("- a\n  - b\n- c\n  - d\n    - e", "lists nest deeper than 2 levels"),
    ("1. a\n   1. b\n      1. c", "lists nest deeper than 2 levels"),  # numbered lists count too
    ("1. a\n   1. b\n1. c\n   1. d", None),
])
def test_list_depth_counts_every_list_open_and_close(tmp_path, lists, problem):
    body = "".join(f"  {line} [@x]\n" for line in lists.splitlines())
    (tmp_path / "brief.yaml").write_text(f"bluf: |-\n{body}", encoding="utf-8")
    assert [p.message for p in check_text(read_yaml(tmp_path / "brief.yaml"))] == ([problem] if problem else [])


def test_a_link_without_a_target_is_refused_at_its_field(mini):
    set_outlook(mini, "Little [will]() change [@demo-2021].")
    assert failures(mini) == [
        located(mini, "brief.yaml", "outlook:", "outlook", "link to '' not allowed (only http, https, mailto)", at="'")
    ]


@pytest.mark.parametrize(
    ("link", "href"),
    [("[will](javascript:alert(1))", "javascript:alert(1)"), ("[한반도](file:///etc/passwd)", "file:///etc/passwd"),
     ("[will](ftp://e.org/x)", "ftp://e.org/x")],
)
def test_a_link_to_a_refused_scheme_is_reported_with_its_target(mini, link, href):
    """The check's parser keeps every link (the renderer drops a refused one to text), so the
    analyst is told which target is refused, where it is."""
    set_outlook(mini, f"Little {link} change [@demo-2021].")
    assert failures(mini) == [
        located(mini, "brief.yaml", "outlook:", "outlook",
                f"link to {href!r} not allowed (only http, https, mailto)", at=href[:20])
    ]


def test_a_block_quote_on_the_last_line_of_the_file_is_placed_by_its_line_not_an_earlier_mark(mini):
    """A literal block's constructs are placed by their line: searching for the mark would find
    the "#" and ">" of the words above first."""
    text = (mini / "brief.yaml").read_text(encoding="utf-8").replace(
        "outlook: Little will change soon [@demo-2021].\n", "")
    (mini / "brief.yaml").write_text(
        text + "outlook: |-\n  Growth > 2 % in #1 place is unlikely [@demo-2021].\n\n  > 한반도 [@demo-2021].", encoding="utf-8"
    )
    last = len((mini / "brief.yaml").read_text(encoding="utf-8").splitlines())
    assert failures(mini) == [f"brief.yaml:{last}:3: outlook: prose may not hold a block quote (> …); write plain text"]
