"""The brief folder as a whole: ``seeds/`` → a validated :class:`~briefing.model.Brief`.

Reads ``brief.yaml`` and every ``sources/<id>.yaml`` with its ``<id>.txt``, checks the schema
with pydantic (errors mapped back to YAML lines), then the cross-file rules in
:mod:`briefing.load.validate`. Raises :class:`~briefing.errors.BriefingError` carrying every
problem found, or returns the brief.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from briefing.errors import BriefingError, Problem
from briefing.load import analytic, borrowing, labels, locators, phrases, translations, usage, validate
from briefing.load.files import SOURCE_BYTES, read_text
from briefing.load.quotes import SourceText
from briefing.load.record import check_sha256, check_unconfirmed, incomplete
from briefing.load.text import check_text
from briefing.load.yamlfile import YamlFile, read_yaml
from briefing.model import ID, Brief, BriefMeta, Source, SourceMeta, VerifiedPhrase

M = TypeVar("M", bound=BaseModel)


def load_brief(
    seeds: Path,
    warnings: list[Problem] | None = None,
    incomplete_out: list[Problem] | None = None,
    counts: dict[str, int] | None = None,
) -> Brief:
    """Load and validate a whole seeds folder; raise with every problem found.

    Advice that does not stop a build (likelihood words off the scale) goes to ``warnings``.
    With ``incomplete_out`` (``briefing list``), sources still marked TODO are left out of the
    brief and reported there instead of stopping the load. ``counts`` receives what the checks
    counted on the way (``"phrases"``: quoted phrases verified), so ``check``'s summary need
    not verify them all again.
    """
    problems: list[Problem] = []
    brief_path = seeds / "brief.yaml"
    if not seeds.is_dir():
        raise BriefingError([Problem(seeds, 0, 0, "", "no such folder")])

    brief_doc = _read(brief_path, seeds, problems)
    brief_meta = _model(brief_doc, BriefMeta, problems) if brief_doc else None
    actor_ids = {a.id for a in brief_meta.actors} if brief_meta else set()
    issue_ids = {i.id for i in brief_meta.issues} if brief_meta else set()

    source_dir = seeds / "sources"
    curated: list[tuple[YamlFile, SourceMeta | None, Path, SourceText]] = []
    before = len(problems)
    for yaml_path in sorted(source_dir.glob("*.yaml")):
        text_path = yaml_path.with_suffix(".txt")
        if not ID.fullmatch(yaml_path.stem):  # the stem is the id citations use
            message = "file name must be a source id: lowercase letters, digits, hyphens"
            problems.append(Problem(yaml_path, 0, 0, "", message))
            continue
        doc = _read(yaml_path, seeds, problems)
        if not text_path.exists() and not text_path.is_symlink():
            missing = Problem(yaml_path, 0, 0, "", f"no source text {text_path.name} beside it")
            if doc and (todo := incomplete(doc, text=text_path.name)):  # imported: text still to add
                (incomplete_out if incomplete_out is not None else problems).extend(todo)
            else:
                problems.append(missing)
            continue
        raw = read_text(text_path, seeds, limit=SOURCE_BYTES)
        if isinstance(raw, Problem):
            problems.append(raw)
            continue
        data = raw.encode("utf-8")  # UTF-8 round-trips exactly: the bytes as read
        if doc and (todo := incomplete(doc)):  # scaffolded by new-source: name what is left to write
            (incomplete_out if incomplete_out is not None else problems).extend(todo)
            continue
        if doc:
            problems += check_sha256(doc, data, text_path.name)
        if doc:
            curated.append((doc, _model(doc, SourceMeta, problems), text_path, SourceText(raw)))
    # A source whose files could not be read is reported first; prose citing it is not then
    # blamed for phrases the unread text may well hold.
    failed = {p.stem for p in source_dir.glob("*.yaml") if ID.fullmatch(p.stem)} - {
        path.stem for _, _, path, _ in curated
    }
    unread = [p for p in problems[before:] if p.path.stem in failed]
    for text_path in sorted(source_dir.glob("*.txt")):
        if not text_path.with_suffix(".yaml").is_file():
            problems.append(
                Problem(text_path, 0, 0, "", f"source text has no curation file {text_path.stem}.yaml")
            )
    if not curated and not problems:
        problems.append(Problem(source_dir, 0, 0, "", "no sources (expected <id>.yaml with <id>.txt)"))

    # Cross-file rules run on whatever parsed, so one run reports every problem it can see.
    # Every source file present counts as citable, even a broken one: its own error is reported.
    source_ids = {p.stem for p in source_dir.glob("*.yaml") if ID.fullmatch(p.stem)}
    for doc, _, text_path, text in curated:
        problems += validate.check_source(doc, text, _shown(text_path), actor_ids, issue_ids)
        problems += validate.check_citations(doc, source_ids, validate.MUST_CITE_SOURCE)
    problems += validate.check_quote_ids([doc for doc, _, _, _ in curated])
    if brief_doc:
        problems += validate.check_citations(brief_doc, source_ids, validate.MUST_CITE_BRIEF)
    style = None
    if brief_doc and brief_meta:
        problems += validate.check_brief(brief_doc, brief_meta)
        style, found = _style(brief_doc, brief_meta, seeds)
        problems += found
    found, verified = _check_phrases(brief_doc, curated, failed)
    problems += found
    problems += translations.check_translations(brief_meta, curated, verified)
    if counts is not None:
        counts["phrases"] = len(verified)
    if brief_doc:
        positions = {p.stem: analytic.addressed(m.positions) for _, m, p, _ in curated if m is not None}
        problems += analytic.check_coding(brief_doc, positions)
    if brief_doc and brief_meta:
        wrong, advice = labels.check_labels(brief_doc, brief_meta.lang, brief_meta.labels)
        problems += wrong
        if warnings is not None:
            warnings += advice
    if brief_doc and brief_meta and warnings is not None:
        warnings += analytic.check_likelihood(brief_doc, brief_meta.likelihood_scale, brief_meta.messages)
    if warnings is not None:  # words of a source in the prose without quotation marks
        warnings += borrowing.check_all(brief_doc, curated, _shown)
    if warnings is not None:  # direct quotations cited without a pinpoint
        warnings += locators.check_all(brief_doc, curated)
    if warnings is not None:  # values new-source guessed, not yet confirmed
        warnings += [w for doc, _, _, _ in curated for w in check_unconfirmed(doc)]

    if problems or brief_meta is None:
        raise BriefingError(problems, first=unread)
    sources = [Source(id=p.stem, text=t.text, text_path=p, **dict(meta)) for _, meta, p, t in curated]
    sources.sort(key=lambda s: (s.published, s.id))  # chronological: the order analysts read them
    verified_phrases = [
        VerifiedPhrase(phrase=c.run.phrase, words=c.words, source=c.source)
        for _, c in verified
        if isinstance(c.run, phrases.Run) and c.source
    ]
    brief = Brief(
        **{**dict(brief_meta), "citation_style": style}, sources=sources, phrases=verified_phrases
    )
    if brief_doc and warnings is not None:
        warnings += usage.check_usage(brief, brief_doc, {p.stem: doc for doc, _, p, _ in curated})
    return brief


def _check_phrases(
    brief_doc: YamlFile | None, curated: list, failed: set[str] | None = None
) -> tuple[list[Problem], list[tuple[YamlFile, phrases.Checked]]]:
    """Quoted phrases in every prose field, against the sources each paragraph cites; the
    problems, and each verified phrase with the file it stands in."""
    texts = {path.stem: text for _, _, path, text in curated}
    found: list[Problem] = []
    verified: list[tuple[YamlFile, phrases.Checked]] = []
    checked = [(doc, phrases.SOURCE_PROSE, path.stem) for doc, _, path, _ in curated]
    for doc, prose, own in [*checked, *([(brief_doc, phrases.BRIEF_PROSE, None)] if brief_doc else [])]:
        ok: list[phrases.Checked] = []
        problems, _ = phrases.check_phrases(doc, texts, prose, own=own, failed=failed or set(), found=ok)
        found += problems
        verified += [(doc, item) for item in ok]
    return found, verified


def _style(doc: YamlFile, meta: BriefMeta, seeds: Path) -> tuple[str | None, list[Problem]]:
    """``citation_style``: a bundled id as written, a ``.csl`` file as its full path (so the build
    reads the file ``check`` read), or one located problem."""
    from briefing.cite import styles

    if meta.citation_style is None:
        return None, []
    try:
        found = styles.resolve(meta.citation_style, seeds)
    except styles.StyleError as err:
        return None, [doc.problem(("citation_style",), str(err))]
    return (meta.citation_style if found.parent == styles.FOLDER else str(found.resolve())), []


def _read(path: Path, seeds: Path, problems: list[Problem]) -> YamlFile | None:
    """Parse one YAML file of the brief and check what its text may contain."""
    result = read_yaml(path, seeds)
    if isinstance(result, Problem):
        problems.append(result)
        return None
    problems += check_text(result)
    return result


def _model(doc: YamlFile, model: type[M], problems: list[Problem]) -> M | None:
    """Validate ``doc`` against ``model``, turning pydantic errors into located problems."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as err:
        for e in err.errors():
            loc = tuple(e["loc"])
            kind = e["type"]
            if loc and loc[-1] == "[key]":
                problems.append(doc.problem(loc[:-1], f"invalid key ({e['msg']})", key=True))
            elif kind == "missing":
                problems.append(doc.problem(loc, "required field is missing"))
            elif kind == "extra_forbidden":
                problems.append(doc.problem(loc, "unknown key", key=True))
            else:
                problems.append(doc.problem(loc, _message(e["msg"], e.get("input"), kind, loc, e.get("ctx"))))
        return None


# What a field expects, in the words of the YAML an analyst writes (pydantic's error types).
_EXPECTS = {
    "string_type": "expected text",
    "list_type": "expected a list (lines starting with -, or [a, b])",
    "dict_type": "expected a mapping (key: value lines)",
    "model_type": "expected a mapping (key: value lines)",
    "model_attributes_type": "expected a mapping (key: value lines)",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
}
# An example for a field, where the error is of this kind (None: any kind).
_EXAMPLES = {
    "author": ("list_type", "[{family: Roe, given: Jane}]"),
    "keywords": ("list_type", "[water, Mekong]"),
    "lang": (None, "en, ko or zh-Hans"),
}
_KINDS = {list: "a list", tuple: "a key: value pair", dict: "a mapping", bool: "true/false"}  # tuple: !!pairs


def _message(msg: str, value: object, kind: str = "", loc: tuple = (), ctx: dict | None = None) -> str:
    """A schema error in the analyst's terms: what the field expects, an example where one helps,
    and what it holds instead (``author: expected a list … (got nothing (the value is empty))``)."""
    if msg.startswith("Value error, "):  # our own validators' messages say what was wrong
        return msg.removeprefix("Value error, ")
    got = next((words for cls, words in _KINDS.items() if isinstance(value, cls)), None)
    shown = got or (repr(value)[:80] if isinstance(value, str | int | float) else type(value).__name__)
    holds = "(it is empty)" if value is None else f"(got {shown})"
    field = next((part for part in reversed(loc) if isinstance(part, str)), "")
    when, sample = _EXAMPLES.get(field, ("", ""))
    example = f", e.g. {sample}" if sample and when in (None, kind) else ""
    if kind in _EXPECTS:
        return f"{_EXPECTS[kind]}{example} {holds}"
    if kind == "string_too_long" and isinstance(value, str) and ctx:
        return f"has {len(value):,} characters; at most {ctx.get('max_length')}{example}"
    if kind == "string_pattern_mismatch" and example:
        return f"expected a value such as {sample} {holds}"
    if kind in ("enum", "literal_error") and ctx and ctx.get("expected"):
        return f"expected {ctx['expected']} {holds}"
    return f"{msg[0].lower()}{msg[1:]} {holds}"


def _shown(path: Path) -> str:
    """Paths in messages are as the user typed them, relative where possible."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
