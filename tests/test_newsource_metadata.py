"""``new-source`` reads metadata as a librarian would (briefing/workflow/metadata.py).

Generated files on an unrelated topic (peacekeeping budgets, cycling, coral reefs; a Japanese
page): an organisation named in JSON-LD stays one literal name, the outlet is the site and never
the page title, a PDF's Published date beats its Received date, a Markdown file's "Source:" line
is no title, a saved page keeps its canonical URL; every guess is listed under ``unconfirmed:``
and warned by check; a URL the text never gives passes only with new-source's record of it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import edit, failures, warnings_of

from briefing.load import load_brief
from briefing.workflow.metadata import find_date, from_html, from_text
from briefing.workflow.newsource import new_source

BODY = (
    "<p>Member states approved the peacekeeping budget after three weeks of talks, and several delegations"
    " said the arrears of the largest contributors remain the main risk to the missions in the field.</p>"
    "<p>The campaign's analysts estimate that the shortfall could reach a fifth of the approved amount"
    " by the end of the financial year unless payments arrive on schedule.</p>"
)


def page(head: str, body: str = BODY) -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><article><h1>Heading</h1>{body}</article></body></html>"


def ld(obj: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


ORG_PAGE = page(
    "<title>Funding the Peacekeepers | Better World Campaign</title>"
    '<link rel="canonical" href="https://betterworld.example/reports/funding-peacekeepers">'
    + ld({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Better World Campaign"},
        {"@type": "Report", "headline": "Funding the Peacekeepers", "datePublished": "2024-06-18T09:00:00+02:00",
         "author": {"@type": "Organization", "name": "Better World Campaign"},
         "publisher": {"@type": "Organization", "name": "Better World Campaign"}},
    ]})
)  # fmt: skip


def yaml_of(added) -> str:  # type: ignore[no-untyped-def]
    return added.yaml_path.read_text(encoding="utf-8")


def fill(path: Path, text_path: Path) -> None:
    """Write what only the analyst can: the summary, one verbatim quote, anything left TODO."""
    first = next(line for line in text_path.read_text(encoding="utf-8").splitlines()[2:] if len(line) > 40)
    words = first.split()
    summary = json.dumps(" ".join(["The text reports how the budget was approved and what it leaves open."] * 9))
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^summary: ".*"$', f"summary: {summary}", text, flags=re.M)
    start, end = text.index("quotes:"), text.index("# positions:")
    block = "quotes:\n" + "".join(
        f"  - id: q-{i}\n    text: {json.dumps(' '.join(words[i * 6 : i * 6 + 6]))}\n    locator: para. 2\n"
        "    actors: [actor-a]\n    why: It matters.\n"
        for i in range(3)
    )
    text = text[:start] + block + text[end:]
    text = re.sub(r'^([\w-]+): +"TODO[^"]*"$', r"\1: Filled In", text, flags=re.M)
    path.write_text(text, encoding="utf-8")


# --- web pages --------------------------------------------------------------------------------


def test_an_organisation_in_json_ld_is_one_literal_name_and_the_site_its_publisher(fresh, tmp_path):
    saved = tmp_path / "funding.html"
    saved.write_text(ORG_PAGE, encoding="utf-8")
    added = new_source(str(saved), "bwc-2024", fresh)
    curation = yaml_of(added)
    assert 'author:    [{literal: "Better World Campaign"}]' in curation  # never "Campaign, Better World"
    assert "given:" not in curation.split("note:")[0]
    assert "type:      report" in curation
    assert 'publisher: "Better World Campaign"' in curation and "container-title" not in curation
    assert 'title:     "Funding the Peacekeepers"' in curation  # the <title> without " | Better World..."
    assert "issued:    2024-06-18" in curation
    assert 'URL:       "https://betterworld.example/reports/funding-peacekeepers"' in curation  # canonical kept
    assert "accessed:" not in curation, "a saved page was not fetched now"
    assert re.search(r"^url_sha256: [0-9a-f]{64}  # ", curation, re.M)
    assert 'author: "the page\'s JSON-LD author (an organisation)"' in curation


@pytest.mark.parametrize("kind", ["NewsMediaOrganization", "GovernmentOrganization"])
def test_every_organisation_type_is_literal_and_a_person_is_split(kind):
    found = from_html(page("<title>A report</title>" + ld({
        "@type": "NewsArticle", "headline": "Reefs bleach again",
        "author": [{"@type": kind, "name": "Reef Watch Agency"}, {"@type": "Person", "name": "Mele Tupou"}],
    })).encode())  # fmt: skip
    assert found["author"][0] == '[{literal: "Reef Watch Agency"}, {given: Mele, family: Tupou}]'
    assert found["type"][0] == "article-newspaper"


def test_the_title_loses_the_site_suffix_and_the_outlet_is_never_the_title():
    found = from_html(page(
        '<title>Bike lanes cut commute times – Velo Daily</title><meta property="og:site_name" content="Velo Daily">'
    ).encode())  # fmt: skip
    assert found["title"][0] == "Bike lanes cut commute times"
    assert found["container-title"] == ("Velo Daily", "the page's og:site_name or publisher")
    alone = from_html(page("<title>Bike lanes cut commute times</title>").encode())
    assert alone["title"][0] == "Bike lanes cut commute times" and "container-title" not in alone
    same = from_html(page('<title>Velo Daily</title><meta property="og:site_name" content="Velo Daily">').encode())
    assert "container-title" not in same, "a site name that is the title is no outlet"


def test_highwire_tags_give_a_journal_article_with_volume_issue_page_and_doi():
    found = from_html(page("".join(f'<meta name="{k}" content="{v}">' for k, v in [
        ("citation_title", "Coral cover after the 2022 heatwave"), ("citation_author", "Kealoha, Iolana"),
        ("citation_author", "Tanaka, Hiro"), ("citation_journal_title", "Reef Science"), ("citation_volume", "9"),
        ("citation_issue", "5"), ("citation_firstpage", "521"), ("citation_doi", "10.3390/rs9050521"),
        ("citation_publication_date", "2021/05/10"),
    ])).encode())  # fmt: skip
    assert {k: v for k, (v, _) in found.items()} == {
        "type": "article-journal", "title": "Coral cover after the 2022 heatwave",
        "author": "[{given: Iolana, family: Kealoha}, {given: Hiro, family: Tanaka}]",
        "container-title": "Reef Science", "volume": "9", "issue": "5", "page": "521",
        "DOI": "10.3390/rs9050521", "issued": "2021-05-10",
    }  # fmt: skip


# --- PDFs ---------------------------------------------------------------------------------------


def _pdf(path: Path, lines: list[str]) -> None:
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    HTML(string=f"<html><head><title>paper.docx</title></head><body>{paragraphs}</body></html>").write_pdf(path)


def test_a_pdf_takes_its_published_date_over_received_and_accepted_and_finds_its_doi(fresh, tmp_path):
    pdf = tmp_path / "reefs.pdf"
    _pdf(pdf, [
        "Coral Cover after the Heatwave", "Iolana Kealoha and Hiro Tanaka",
        "Received: 3 March 2021; Accepted: 2 May 2021; Published: 10 May 2021",
        "https://doi.org/10.3390/rs9050521.", BODY.replace("<p>", "").replace("</p>", " "),
    ])  # fmt: skip
    curation = yaml_of(new_source(str(pdf), "kealoha-2021", fresh))
    assert "issued:    2021-05-10" in curation  # not 2021-03-03, the date it was received
    assert 'DOI:       "10.3390/rs9050521"' in curation  # the full stop after it is no part of it
    assert "type:      article-journal" in curation
    assert 'title:     "Coral Cover after the Heatwave"' in curation  # "paper.docx" is a file name, no title
    assert 'issued: "the date 10 May 2021 in the text"' in curation


def test_a_text_giving_only_received_and_accepted_dates_leaves_the_date_to_the_analyst():
    text = "Reef Survey\n\nReceived 3 March 2021\nAccepted: 2 May 2021\n\nPublished online: 12 June 2022\n"
    assert find_date(text) == ("2022-06-12", "12 June 2022")
    assert find_date("Reef Survey\n\nReceived 3 March 2021\nAccepted: 2 May 2021\n") is None
    assert find_date("Reef Survey\n\nMarch 3, 2021\n") == ("2021-03-03", "March 3, 2021")


# --- Markdown and text ------------------------------------------------------------------------------


def test_a_markdown_files_source_line_is_its_url_not_its_title(fresh, tmp_path):
    md = tmp_path / "lanes.md"
    md.write_text(
        "Source: https://velo.example/jp/lanes\n\n# 自転車道の整備と通勤時間\n\n著者: 佐藤花子\n\n"
        "市は三年間で自転車道を倍増させ、通勤時間は平均で一割短くなったと報告している。\n",
        encoding="utf-8",
    )
    curation = yaml_of(new_source(str(md), "sato-2024", fresh))
    assert 'title:     "自転車道の整備と通勤時間"' in curation
    assert 'URL:       "https://velo.example/jp/lanes"' in curation
    assert "url_sha256" not in curation, "the text gives the URL itself"
    assert from_text("Brexit: the deal explained\n\nBy Ann Lee\n", set())["title"][0] == "Brexit: the deal explained"


# --- check: guesses to confirm, URLs the text never gives -------------------------------------------


def test_check_warns_on_each_unconfirmed_guess_until_its_line_is_deleted(fresh, tmp_path):
    saved = tmp_path / "funding.html"
    saved.write_text(ORG_PAGE, encoding="utf-8")
    added = new_source(str(saved), "bwc-2024", fresh)
    fill(added.yaml_path, added.text_path)
    edit(fresh / "brief.yaml", "Actor B prefers dialogue on both issues [@example-source].",
         "Actor B prefers dialogue on both issues [@example-source; @bwc-2024].")  # fmt: skip
    brief = load_brief(fresh)
    source = brief.source("bwc-2024")
    assert [n.literal for n in source.author] == ["Better World Campaign"]
    assert source.url == "https://betterworld.example/reports/funding-peacekeepers"
    guessed = [w for w in warnings_of(fresh) if "unconfirmed." in w]
    assert [w.split(": ")[1] for w in guessed] == [
        "unconfirmed.type", "unconfirmed.title", "unconfirmed.author", "unconfirmed.publisher",
        "unconfirmed.issued", "unconfirmed.URL",
    ]  # fmt: skip
    assert guessed[2].startswith("sources/bwc-2024.yaml:") and guessed[2].endswith(
        "warning: guessed by new-source from the page's JSON-LD author (an organisation); "
        "confirm author, then delete this line"
    )
    text = added.yaml_path.read_text(encoding="utf-8")
    cut = text[text.index("\nunconfirmed:") : text.index("\nnote:")]
    added.yaml_path.write_text(text.replace(cut, ""), encoding="utf-8")
    assert not [w for w in warnings_of(fresh) if "unconfirmed" in w]
    assert "unconfirmed" not in source.csl() and "url_sha256" not in source.csl()


def test_a_url_the_text_never_gives_is_refused_even_with_accessed(fresh, tmp_path):
    saved = tmp_path / "funding.html"
    saved.write_text(ORG_PAGE, encoding="utf-8")
    added = new_source(str(saved), "bwc-2024", fresh)
    fill(added.yaml_path, added.text_path)
    canonical = "https://betterworld.example/reports/funding-peacekeepers"
    edit(added.yaml_path, canonical, "https://betterworld.example/guessed")
    edit(added.yaml_path, "sha256:    ", "accessed:  2024-07-01\nsha256:    ")
    (problem,) = failures(fresh)
    assert problem.startswith("sources/bwc-2024.yaml:") and " URL: is not the URL new-source read " in problem
    text = re.sub(r"^url_sha256: .*\n", "", added.yaml_path.read_text(encoding="utf-8"), flags=re.M)
    added.yaml_path.write_text(text, encoding="utf-8")
    (problem,) = failures(fresh)
    assert "new-source did not read it from there (no url_sha256)" in problem


def test_new_source_metadata_on_the_seed(seeds_copy, tmp_path):
    saved = tmp_path / "funding.html"
    saved.write_text(ORG_PAGE, encoding="utf-8")
    added = new_source(str(saved), "bwc-2024", seeds_copy)
    assert 'author:    [{literal: "Better World Campaign"}]' in yaml_of(added)
    problems = failures(seeds_copy)
    assert all(p.startswith("sources/bwc-2024.yaml") for p in problems), "the seed itself stays valid"
    assert problems[0].endswith("still TODO: summary, quotes[0].id, quotes[0].text, quotes[0].actors[0], quotes[0].why")
