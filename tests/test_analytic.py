"""Codings are backed by positions; likelihood is said in the words of one scale."""

from __future__ import annotations

import pytest
from conftest import MINI, edit, line_of, located, warnings_of
from typer.testing import CliRunner

from briefing.cli import app
from briefing.html.render import render_html
from briefing.load import load_brief
from briefing.load.analytic import ICD_203, off_scale, scale_label, scale_terms

pytestmark = pytest.mark.load


def run(*args: str):
    return CliRunner().invoke(app, ["check", *map(str, args)])


def test_icd_203_has_seven_levels_lowest_first():
    assert len(ICD_203) == 7
    assert ICD_203[0].startswith("almost no chance") and ICD_203[-1].startswith("almost certain")
    assert "roughly even chance" in scale_terms(None)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Pyongyang is likely to test an ICBM [@x-1].", []),
        ("It is very likely, almost certainly, roughly even chance.", []),
        ("It may test and could possibly resume; perhaps a highly likely test.", ["may", "could", "possibly", "perhaps", "highly likely"]),
        ('Lankov warned it "may resort to its usual tactics" [@lankov-2020].', []),  # the source's words
        ("Talks in May 2021 were unlikely.", []),  # the month, and a scale word
        ("The sources' view is probably right; it is improbable.", []),
    ],
)
def test_off_scale_words(text, found):
    assert list(off_scale(text, None)) == found


def test_a_declared_scale_replaces_icd_203():
    scale = ["remote", "highly unlikely", "unlikely", "realistic possibility", "likely", "highly likely", "almost certain"]
    assert list(off_scale("A highly likely test; a very likely one.", scale)) == ["very likely"]


def test_warnings_print_located_and_strict_fails(mini):
    path = mini / "brief.yaml"
    edit(path, "Both capitals stress patience and stability [@demo-2021].", "Both capitals may stress patience [@demo-2021].")
    result = run(mini)
    line = line_of(path, "may stress")
    assert result.exit_code == 0
    col = path.read_text(encoding="utf-8").splitlines()[line - 1].index("may stress") + 1
    assert f'{path}:{line}:{col}: key_judgments[0].text: warning: likelihood word "may" is not on the scale (ICD 203:' in result.output
    strict = run("--strict", mini)
    assert strict.exit_code == 1 and "1 warning(s) found" in strict.output


def test_declared_scale_in_the_brief(mini):
    path = mini / "brief.yaml"
    edit(path, "Both capitals stress patience and stability [@demo-2021].", "Both capitals highly likely stress patience [@demo-2021].")
    assert "highly likely" in run(mini).output
    edit(path, "keywords: [fixture, scripts]", 'keywords: [fixture, scripts]\nlikelihood_scale: [remote, unlikely, highly likely]')
    result = run(mini)
    assert result.exit_code == 0 and "warning" not in result.output
    assert load_brief(mini).likelihood_scale == ["remote", "unlikely", "highly likely"]


def test_coded_cell_needs_a_source_with_a_position_for_its_actor(mini):
    path = mini / "sources" / "demo-2021.yaml"
    edit(path, "  rok: Seoul speaks of 평화 프로세스, a patient peace process [@demo-2021].\n", "")
    result = run(mini)
    line = line_of(mini / "brief.yaml", "category: engagement")  # end-state × rok
    assert result.exit_code == 1
    assert (
        f"{mini}/brief.yaml:{line}:17: matrix.end-state.rok.category: coded engagement but no cited source "
        "(demo-2021) gives rok a position on end-state in its positions:" in result.output
    )


def test_positions_per_issue_let_a_silent_cell_cite_the_source_whose_silence_it_notes(mini):
    """demo-2021 gives rok a position on the end state only: the sanctions cell may cite it as
    silent on sanctions, and may not code a stance from it."""
    path = mini / "sources" / "demo-2021.yaml"
    edit(
        path,
        "  rok: Seoul speaks of 평화 프로세스, a patient peace process [@demo-2021].\n",
        "  rok:\n    end-state: Seoul speaks of 평화 프로세스, a patient peace process [@demo-2021].\n",
    )
    brief = mini / "brief.yaml"
    edit(brief, "      stance: Not addressed in these sources.", "      stance: The fixture text is silent on it [@demo-2021].")
    assert run(mini).exit_code == 0, run(mini).output
    html = render_html(load_brief(mini))
    assert "End state: Seoul speaks of" in html  # the source notes name the issue
    edit(brief, "      stance: The fixture text is silent on it [@demo-2021].\n      category: not-addressed",
         "      stance: The fixture text is silent on it [@demo-2021].\n      category: engagement")
    result = run(mini)
    assert result.exit_code == 1
    assert "matrix.sanctions.rok.category: coded engagement but no cited source (demo-2021) gives rok a position on sanctions" in result.output


def test_an_issue_a_position_names_must_exist(mini):
    path = mini / "sources" / "demo-2021.yaml"
    edit(
        path,
        "  rok: Seoul speaks of 평화 프로세스, a patient peace process [@demo-2021].\n",
        "  rok:\n    endstate: Seoul speaks of 평화 프로세스, a patient peace process [@demo-2021].\n",
    )
    result = run(mini)
    assert result.exit_code == 1
    line = line_of(path, "endstate:")
    assert f"demo-2021.yaml:{line}:5: positions.rok.endstate: unknown issue 'endstate'" in result.output


def test_not_addressed_cell_may_not_cite_a_source_that_addresses_the_actor(mini):
    path = mini / "brief.yaml"
    edit(path, "      stance: Not addressed in these sources.", "      stance: Not addressed, though Seoul is patient [@demo-2021].")
    result = run(mini)
    assert result.exit_code == 1
    assert "matrix.sanctions.rok.category: coded not-addressed but cites demo-2021, whose positions: address rok" in result.output


def test_fixtures_pass_every_coding_rule():
    for folder in (MINI, MINI.parent / "mekong"):
        assert run(folder).exit_code == 0, run(folder).output


def test_the_judgments_name_their_scale(mini):
    from briefing.html.render import render_html

    assert scale_label(None) == "ICD 203 (almost no chance … almost certain)"
    assert "Likelihood terms follow ICD 203 (almost no chance … almost certain)." in render_html(load_brief(mini))
    edit(mini / "brief.yaml", "keywords: [fixture, scripts]", "keywords: [fixture, scripts]\nlikelihood_scale: [remote, even, near-certain]")
    assert "Likelihood terms follow the brief’s scale (remote … near-certain)." in render_html(load_brief(mini))


# --- likelihood words (briefing/load/analytic.py) ----------------------------------------------

ICD = ("ICD 203: almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, "
       "almost certain")


def test_an_off_scale_word_names_the_scale_it_is_off(mini):
    edit(mini / "brief.yaml", "Both capitals stress patience", "Both capitals may stress patience")
    assert warnings_of(mini) == [
        located(mini, "brief.yaml", "may stress", "key_judgments[0].text",
                f'warning: likelihood word "may" is not on the scale ({ICD})', at="may")
    ]
    edit(mini / "brief.yaml", "keywords: [fixture, scripts]",
         "keywords: [fixture, scripts]\nlikelihood_scale: [remote / slim, even / toss-up, near-certain]")
    assert warnings_of(mini) == [
        located(mini, "brief.yaml", "may stress", "key_judgments[0].text",
                'warning: likelihood word "may" is not on the scale (the brief: remote, even, near-certain)', at="may")
    ]


def test_each_off_scale_word_once_per_field_and_the_bluf_too(mini):
    edit(mini / "brief.yaml", "framing both favour patience", "framing may favour patience, or may not, possibly")
    assert warnings_of(mini) == [
        located(mini, "brief.yaml", "framing may", "bluf", f'warning: likelihood word "may" is not on the scale ({ICD})',
                at="may"),
        located(mini, "brief.yaml", "framing may", "bluf",
                f'warning: likelihood word "possibly" is not on the scale ({ICD})', at="possibly"),
    ]


@pytest.mark.parametrize(("text", "found"), [
    ("a remote chance", ["remote chance"]),  # the longer term wins where both end on a word boundary
    ("It is highly\nlikely", ["highly likely"]),  # any white space between a term's words
    ("Possibly so", ["Possibly"]),  # in any case
    ("It may[@x-1]be so", ["may"]),  # a citation marker is blanked, not deleted
    ("He said “it may”.", []),  # the source's words, to the closing mark
    ("He said “it may” and may.", ["may"]),
    ("He said “it”may.", ["may"]),  # blanked to the closing mark, not past it
    ("He said “so” and “it may”.", []),  # every quotation blanked where it is
    ("It will possibly 3 times", ["possibly"]),  # only May before a number is the month
    ("In May 2021 it may rain", ["may"]),  # and the words after the month are still read
])
def test_likelihood_words_found_as_the_reader_reads_them(text, found):
    assert list(off_scale(text, None)) == found


def test_a_french_brief_is_held_to_the_french_scale(tmp_path):
    """The brief's own catalogue gives the words: « peut-être » is off ICD 203 in French, and
    the warning names the scale in French; an English checker would see nothing."""
    import shutil

    brief = tmp_path / "fr"
    shutil.copytree(MINI.parent / "fr", brief)
    old = "Le financement de nouveaux barrages reste"
    edit(brief / "brief.yaml", old, "Le financement de nouveaux barrages restera peut-être")
    assert warnings_of(brief) == [
        located(brief, "brief.yaml", "restera peut-être", "key_judgments[1].text",
                'warning: likelihood word "peut-être" is not on the scale (ICD 203: quasiment aucune chance, '
                "très improbable, improbable, chances à peu près égales, probable, très probable, quasi certain)",
                at="peut-être").replace(f"{brief}/", "")
    ]
