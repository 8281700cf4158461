"""The actor × issue matrix: compact source keys, one landscape page in both formats, long words.

Each brief is built once per module (PDF, DOCX, HTML); every DOCX is laid out by LibreOffice in
one headless run with a private profile, and pages are counted in both PDFs by orientation: the
matrix is the only landscape section of a brief.
"""

from __future__ import annotations

import copy
import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import lxml.html
import pytest
from conftest import SEEDS
from pdftools import flat, pdf_text
from pypdf import PdfReader
from ruamel.yaml import YAML

from briefing.build import build
from briefing.citations import MARKER, find_markers
from briefing.cite.forms import Citations
from briefing.html import matrix_fit
from briefing.load import load_brief
from briefing.theme import THEME

LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenversicherungsanstalt" * 3  # ~230 chars


@dataclass
class Built:
    html: str
    pdf: Path
    docx: Path
    word_pdf: Path | None = None  # the DOCX as LibreOffice lays it out


def rewrite(folder: Path, change) -> None:
    """Edit ``brief.yaml`` as data: ``change(brief)`` mutates the loaded mapping in place."""
    yaml = YAML()
    path = folder / "brief.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)


def _with_long_word(target: Path) -> Path:
    """The seed with a 230-character word in a cell of the last column, where a word that
    overflowed its cell would cross the page's right edge."""
    shutil.copytree(SEEDS, target)

    def change(brief) -> None:
        cell = brief["matrix"][brief["issues"][-2]["id"]][brief["actors"][-1]["id"]]
        words = cell["stance"].split(" ")
        cell["stance"] = " ".join([*words[:3], LONG_WORD, *words[3:]])

    rewrite(target, change)
    return target


NAMES = [  # (name, short) for actors added to the seed's five; one name too long for a column head
    ("Japan", "JPN"),
    ("Organisation for Security and Co-operation in Europe", "OSCE"),
    ("European Union", "EU"),
    ("United Kingdom", "UK"),
]
ISSUES = ["Humanitarian aid", "Human rights", "Cyber operations", "Missile defence"]


def words(stance: str) -> int:
    return len(MARKER.sub("", stance).split())


CELLS = Path(__file__).parent / "fixtures" / "matrix-cells.yaml"


def seed_cells(*, longest: bool = False) -> list:
    """The 30 cells of the seed brief as issue 8 measured it (5–25 words, mean 19.5): the
    "seed cell lengths" the matrix must fit, kept as data so that edits to the seed do not
    lighten the test; ``longest``: only its cells of 22 words or more."""
    cells = YAML(typ="safe").load(CELLS.read_text(encoding="utf-8"))["cells"]
    return [c for c in cells if words(c["stance"]) >= 22] if longest else cells


def grid(target: Path, actors: int, issues: int, *, longest: bool = False) -> Path:
    """The seed grown to ``actors`` × ``issues``, its cells filled in order from the seed's cells
    as filed (:func:`seed_cells`). Actors and issues are copies of the seed's with new ids and
    names, so the brief tracks the schema. Source texts and quotes stay as they are; each
    source's ``positions:`` gives every actor its first entry, as a coding must rest on a
    position the cited source states."""
    shutil.copytree(SEEDS, target)

    def change(brief) -> None:
        seed_actors, seed_issues = list(brief["actors"]), list(brief["issues"])
        cells = seed_cells(longest=longest)
        for n, (name, short) in enumerate(NAMES[: actors - len(seed_actors)]):
            actor = copy.deepcopy(seed_actors[n % len(seed_actors)])
            actor.update(id=f"extra-{n}", name=name, short=short)
            brief["actors"].append(actor)
        for n, name in enumerate(ISSUES[: issues - len(seed_issues)]):
            issue = copy.deepcopy(seed_issues[0])
            issue.update(id=f"extra-issue-{n}", name=name)
            brief["issues"].append(issue)
        del brief["actors"][actors:], brief["issues"][issues:]
        fill = iter(itertools.cycle(cells))
        brief["matrix"] = {
            i["id"]: {a["id"]: copy.deepcopy(next(fill)) for a in brief["actors"]} for i in brief["issues"]
        }

    rewrite(target, change)
    actors = [a["id"] for a in YAML().load((target / "brief.yaml").read_text(encoding="utf-8"))["actors"]]
    for path in sorted((target / "sources").glob("*.yaml")):  # a coding must rest on a position
        yaml = YAML()
        data = yaml.load(path.read_text(encoding="utf-8"))
        stated = data["positions"]
        first = next(iter(stated.values()))
        for actor in actors:
            stated.setdefault(actor, first)
        with path.open("w", encoding="utf-8") as stream:
            yaml.dump(data, stream)
    return target


def libreoffice_pdfs(docs: list[Path], out: Path) -> dict[Path, Path]:
    """Every DOCX converted to PDF in one LibreOffice run (headless, private profile)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
    named = []
    out.mkdir(parents=True, exist_ok=True)
    for n, doc in enumerate(docs):  # the briefs share a slug: give each copy its own name
        named.append(out / f"brief-{n}.docx")
        shutil.copyfile(doc, named[-1])
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(out), *map(str, named)],
        capture_output=True, text=True, timeout=400, check=False,
    )
    assert result.returncode == 0, result.stderr
    return {doc: path.with_suffix(".pdf") for doc, path in zip(docs, named, strict=True)}


@pytest.fixture(scope="module")
def briefs(tmp_path_factory) -> dict[str, Built]:
    root = tmp_path_factory.mktemp("matrix")
    eight = grid(root / "8x8", 8, 8)
    folders = {  # name: (brief folder, paper)
        "seed": (SEEDS, "a4"),
        "long-word": (_with_long_word(root / "long-word"), "a4"),
        "8x8": (eight, "a4"),
        "8x8-letter": (eight, "letter"),  # narrower than A4, a little taller
        "8x8-longest": (grid(root / "8x8-longest", 8, 8, longest=True), "a4"),
    }
    built = {}
    for name, (folder, paper) in folders.items():
        result = build(folder, root / f"out-{name}", paper=paper)
        built[name] = Built(result.html.read_text(encoding="utf-8"), result.outputs["pdf"], result.outputs["docx"])
    word = libreoffice_pdfs([b.docx for b in built.values()], root / "lo")
    for b in built.values():
        b.word_pdf = word[b.docx]
    return built


def landscape_pages(pdf: Path) -> list[int]:
    """1-based numbers of the landscape pages: the matrix section's pages."""
    reader = PdfReader(str(pdf))
    return [n for n, page in enumerate(reader.pages, 1) if page.mediabox.width > page.mediabox.height]


def words_with_boxes(pdf: Path, page: int) -> tuple[float, list[tuple[str, float, float]]]:
    """(page width, [(word, xMin, xMax)]) of one page, as pdftotext places them."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out).group(1))
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)
    return width, [(w, float(x0), float(x1)) for x0, x1, w in words]


# --- compact citations -----------------------------------------------------------------------


def test_cells_cite_by_source_number_and_the_caption_keys_them(briefs):
    brief = load_brief(SEEDS)
    root = lxml.html.fromstring(briefs["seed"].html)
    table = root.xpath("//table[@class='matrix']")[0]
    assert not table.xpath(".//span[contains(@class, 'footnote')]"), "a matrix cell still makes footnotes"
    references = [li.get("id") for li in root.xpath("//ol[@class='references']/li")]
    number = {ref[len("ref-") :]: n for n, ref in enumerate(references, 1)}
    cells = table.xpath("./tbody/tr/td")
    stances = [brief.cell(i.id, a.id).stance for i in brief.issues for a in brief.actors]
    assert len(cells) == len(stances) == 30
    cited = set()
    for td, stance in zip(cells, stances, strict=True):
        markers = [sorted((number[c.source], c.locator) for c in m.cites) for m in find_markers(stance)]
        wanted = [[n for n, _ in group] for group in markers]
        links = td.xpath(".//a[@class='cite']")
        assert [int(a.text) for a in links] == [n for group in wanted for n in group]
        assert all(a.get("href") == f"#{references[int(a.text) - 1]}" for a in links)
        for group in markers:  # "[1, 2]" or "[1, para. 12; 3]" before the full stop, never cut from its word
            if any(locator for _, locator in group):
                key = "; ".join(f"{n}, {locator}" if locator else str(n) for n, locator in group)
            else:
                key = ",\u00a0".join(str(n) for n, _ in group)
            assert "\u00a0[" + key + "]" in td.text_content()
        cited |= {n for group in wanted for n in group}
    caption = table.xpath("./caption")[0].text_content()
    for n in sorted(cited):
        source = brief.source(references[n - 1][len("ref-") :])
        assert f"[{n}] {Citations(brief).text(source)}" in caption
    assert len(cited) == 3


def test_a_locator_stays_with_its_number(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)

    def change(brief) -> None:
        cell = brief["matrix"][brief["issues"][1]["id"]][brief["actors"][0]["id"]]
        cell["stance"] = "Two sources agree [@smith-2020; @brown-2021, para. 9]."

    rewrite(seeds, change)
    html = build(seeds, tmp_path / "out", formats=()).html.read_text(encoding="utf-8")
    cell = lxml.html.fromstring(html).xpath("//table[@class='matrix']/tbody/tr[2]/td[1]")[0]
    # numbers follow the reference list, alphabetical (Chicago): Brown 1, Lankov 2, Smith 3
    assert cell.text_content().endswith("agree\u00a0[1, para. 9; 3].")


# --- one landscape page ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["seed", "8x8", "8x8-letter"])
def test_the_matrix_takes_one_landscape_page_in_pdf_and_word(briefs, name):
    b = briefs[name]
    for pdf in (b.pdf, b.word_pdf):
        pages = landscape_pages(pdf)
        assert len(pages) == 1, (pdf.name, pages)
        text = flat(pdf_text(pdf, pages[0], pages[0]))
        root = lxml.html.fromstring(b.html)
        last = root.xpath("//table[@class='matrix']/tbody/tr[last()]/td[last()]")[0].text_content()
        assert flat(" ".join(last.split()[-4:])) in text  # the last cell, too, is on that page


@pytest.mark.parametrize("folder", ["tests/fixtures/fr", "tests/fixtures/ja"])
def test_a_two_actor_matrix_flows_on_a_portrait_page_in_both_formats(folder, tmp_path):
    """Two actor columns keep the theme's ``matrix_portrait_column`` in the portrait width: no
    landscape page or Word section; a theme that asks for wider columns turns it back."""
    root = Path(__file__).resolve().parents[1]
    result = build(root / folder, tmp_path / "out")
    assert not landscape_pages(result.outputs["pdf"])
    assert len(docx.Document(str(result.outputs["docx"])).sections) == 1
    html = lxml.html.fromstring(result.html.read_text(encoding="utf-8"))
    matrix = html.xpath("//section[@id='matrix']")[0]
    assert matrix.get("data-page") is None and matrix.xpath(".//table[@class='matrix']")
    # the heading's text is on a portrait page, with the text before and after it
    assert flat(matrix.xpath("./h2")[0].text_content()) in flat(pdf_text(result.outputs["pdf"]))
    # the issue column is as wide in mm as on the landscape page, in the PDF's CSS and in Word
    landscape_mm = THEME.page.matrix_first_column / 100 * matrix_fit.text_width_mm(THEME, "a4")
    share = THEME.matrix_first_column_portrait("a4")
    assert abs(share / 100 * matrix_fit.text_width_mm(THEME, "a4", landscape=False) - landscape_mm) < 0.1
    assert f"#matrix:not([data-page]) table.matrix thead th:first-child {{ width: {share}%; }}" in result.html.read_text(
        encoding="utf-8"
    )
    grid = docx.Document(str(result.outputs["docx"])).tables[0]._tbl.tblGrid.gridCol_lst
    assert abs(grid[0].w.mm - landscape_mm) < 0.5

    (tmp_path / "theme.toml").write_text("[page]\nmatrix_portrait_column = 300\n", encoding="utf-8")
    from briefing.options import BuildOptions

    wide = build(root / folder, tmp_path / "wide", options=BuildOptions(theme_file=tmp_path / "theme.toml"))
    assert len(landscape_pages(wide.outputs["pdf"])) == 1
    assert len(docx.Document(str(wide.outputs["docx"])).sections) == 3  # portrait, landscape, portrait


@pytest.mark.parametrize(("paper", "actors", "landscape"), [("a4", 2, False), ("a4", 3, False), ("a4", 4, True), ("letter", 3, False), ("a4", 5, True)])
def test_the_matrix_takes_a_landscape_page_from_four_actors(paper, actors, landscape):
    """A4: 166 mm of text, 90.5 % of it for the actors: 50 mm each for three, 37.6 for four."""
    assert matrix_fit.portrait(THEME, paper, actors) is not landscape


# --- long words ------------------------------------------------------------------------------


def test_a_long_word_breaks_inside_its_cell_in_both_formats(briefs):
    b = briefs["long-word"]
    margin = THEME.page.landscape_margin_side * 72 / 25.4
    for pdf in (b.pdf, b.word_pdf):
        width, words = 0.0, []
        for page in landscape_pages(pdf):
            width, on_page = words_with_boxes(pdf, page)
            words += on_page
        assert LONG_WORD in "".join(w for w, _, _ in words), pdf.name  # all of it, in order
        assert len([w for w, _, _ in words if len(w) > 5 and w in LONG_WORD]) >= 5  # over several lines
        assert max(x1 for _, _, x1 in words) <= width - margin + 1, pdf.name  # nothing past the margin


# --- density, short heads, clean splits --------------------------------------------------------


def _step(html: str) -> int:
    section = lxml.html.fromstring(html).xpath("//section[@id='matrix']")[0]
    return int(section.get("data-density", "0"))


def test_the_seed_keeps_the_roomy_setting_and_a_big_grid_steps_down_in_both_formats(briefs):
    assert _step(briefs["seed"].html) == 0
    step = _step(briefs["8x8"].html)
    assert step > 0
    setting = THEME.matrix_steps()[step]
    css = f'#matrix[data-density="{step}"] table.matrix {{ font-size: {setting.size}pt;'
    assert css in briefs["8x8"].html
    styles = docx.Document(str(briefs["8x8"].docx)).styles
    assert styles["Table Text"].font.size.pt == round(setting.size * 2) / 2
    assert styles["Table Heading"].font.size.pt == round((setting.size + THEME.sizes.matrix_head) * 2) / 2
    seed_styles = docx.Document(str(briefs["seed"].docx)).styles
    assert seed_styles["Table Text"].font.size.pt == round(THEME.sizes.matrix * 2) / 2
    assert min(s.size for s in THEME.matrix_steps()) >= 6.0  # the floor


def test_short_names_head_the_columns_when_a_full_name_is_too_long(briefs):
    brief = load_brief(SEEDS)
    for name, expect_short in (("seed", False), ("8x8", True)):
        root = lxml.html.fromstring(briefs[name].html)
        heads = [th.text_content() for th in root.xpath("//table[@class='matrix']/thead/tr/th")][1:]
        caption = root.xpath("//table[@class='matrix']/caption")[0].text_content()
        actors = [(a.name, a.short) for a in brief.actors]
        if expect_short:
            actors += NAMES[:3]
            assert heads == [short for _, short in actors]
            assert "Column heads: US (United States), ROK (South Korea)," in caption
            assert ", OSCE (Organisation for Security and Co-operation in Europe), " in caption
        else:
            assert heads == [full for full, _ in actors]
            assert "Column heads:" not in caption


def first_column(pdf: Path, page: int, share: float) -> str:
    """The text of the matrix's first column (header and row heads) on one page."""
    width, words = words_with_boxes(pdf, page)
    left = THEME.page.landscape_margin_side * 72 / 25.4
    edge = left + (width - 2 * left) * share
    return " ".join(w for w, x0, _ in words if left - 1 <= x0 < edge - 2)


def test_a_grid_past_the_floor_splits_by_rows_with_the_header_repeated(briefs):
    b = briefs["8x8-longest"]
    step = _step(b.html)
    assert step == len(THEME.matrix_steps()) - 1  # the floor, and still too big for one page
    root = lxml.html.fromstring(b.html)
    issues = [th.text_content() for th in root.xpath("//table[@class='matrix']/tbody/tr/th")]
    rows = root.xpath("//table[@class='matrix']/tbody/tr")
    share = THEME.matrix_steps()[step].first_column / 100
    for pdf in (b.pdf, b.word_pdf):
        pages = landscape_pages(pdf)
        assert len(pages) == 2, (pdf.name, pages)
        seen = []
        for page in pages:
            column = first_column(pdf, page, share)
            text = flat(pdf_text(pdf, page, page))
            assert "Issue" in column.split(), (pdf.name, page, column)  # the header row, repeated
            column = column[column.index("Issue") :]
            on_page = [issue for issue in issues if flat(issue) in flat(column)]
            for issue in on_page:  # a row is whole on the page that heads it
                for td in rows[issues.index(issue)].xpath("./td"):
                    assert flat(" ".join(td.text_content().split()[-3:])) in text, (pdf.name, page, issue)
            seen += on_page
        assert seen == issues, pdf.name  # every row once, in order


# --- the estimate --------------------------------------------------------------------------------


def test_the_wrap_estimate_breaks_like_a_browser():
    em = matrix_fit.text_width
    assert matrix_fit.lines([("", False)], 10) == 1
    word = "x" * 40
    assert matrix_fit.lines([(word, False)], em(word) / 3 + 0.01) == 3  # an overlong word breaks anywhere
    assert matrix_fit.lines([("well-known", False)], em("well-known")) == 1  # no space inside
    assert matrix_fit.lines([("well-known", False)], max(em("well-"), em("known")) + 0.01) == 2  # after a hyphen
    assert matrix_fit.lines([("汉字" * 10, False)], 5.01) == 4  # Han wraps between characters
    assert em("Pressure", bold=True) > em("Pressure")
    two = [("alpha beta", False)]
    assert matrix_fit.lines(two, em("alpha beta")) == 1 and matrix_fit.lines(two, em("alpha beta") - 0.01) == 2


def test_the_step_is_the_roomiest_that_fits_and_the_floor_when_none_does():
    def text(words: int, size: int) -> matrix_fit.MatrixText:
        row = [("Issue", ""), *[("● Engagement", " ".join(["word"] * words))] * size]
        return matrix_fit.MatrixText(["Issue", *["Actor"] * size], [row] * size, [("● Engagement", "meaning")], "Table 1.")

    heights = [matrix_fit.page_height_mm(THEME, "a4", text(25, 8), n) for n in range(len(THEME.matrix_steps()))]
    assert heights == sorted(heights, reverse=True)  # each step is denser than the one before
    assert matrix_fit.density(THEME, "a4", text(5, 2)) == 0
    assert matrix_fit.density(THEME, "a4", text(60, 12)) == len(THEME.matrix_steps()) - 1
    room = matrix_fit.available_mm(THEME, "a4") * matrix_fit.SAFETY
    chosen = matrix_fit.density(THEME, "a4", text(22, 6))
    assert heights and matrix_fit.page_height_mm(THEME, "a4", text(22, 6), chosen) <= room
    assert all(matrix_fit.page_height_mm(THEME, "a4", text(22, 6), n) > room for n in range(chosen))
