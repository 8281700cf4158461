"""Where quoted words were found: the notes ``build --review`` shows as Word comments.

The loader has verified every quoted phrase in the brief's prose against the sources its
paragraph cites (:mod:`briefing.load.phrases`) and left on the brief which source holds each
(``Brief.phrases``); here that answer is read, never verified again, to learn on which line of
its text the words begin. The HTML carries the
answer as ``data-provenance`` (and the source's ``lang`` when it is not the brief's), so the DOCX
writer learns it from the HTML alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.catalogue import ENGLISH, Messages
from briefing.citations import find_markers
from briefing.load.phrases import changes, runs
from briefing.load.quotes import SourceText, line_of, normalize
from briefing.model import Brief, Source, VerifiedPhrase


def found_note(source: Source, line: int | None, msgs: Messages = ENGLISH) -> str:
    """``Found verbatim in sources/x.txt, line 12.``: one wording for pull-quotes and phrases."""
    path = f"sources/{source.text_path.name}"
    if line:
        return msgs("Found verbatim in %(file)s, line %(line)s.", file=path, line=line)
    return msgs("Found verbatim in %(file)s.", file=path)


def quote_note(source: Source, text: str, speaks_to: str = "", msgs: Messages = ENGLISH) -> str:
    """The note on a pull-quote: its source file, the line where its words begin, and the actors
    the curator said it speaks to (a production note: for the reviewer, not the reader)."""
    note = found_note(source, line_of(source.text, text), msgs)
    return " ".join([note, msgs("Speaks to %(actors)s.", actors=speaks_to)]) if speaks_to else note


def production_note(source: Source, msgs: Messages = ENGLISH) -> str:
    """How the brief holds a source: its file, its address or the lack of one, and the curator's
    notes on it. The reader's document never prints these (``--review``, ``--editorial-record``)."""
    held = msgs("Text on file: %(file)s", file=f"sources/{source.text_path.name}")
    parts = [held + ("." if source.url else " " + msgs("(no URL given in the text)") + ".")]
    if source.url and source.retrieved:
        retrieved = source.retrieved.isoformat()
        parts.append(msgs("URL: %(url)s, retrieved %(date)s.", url=source.url, date=retrieved))
    elif source.url:
        parts.append(msgs("URL: %(url)s.", url=source.url))
    if source.note:
        parts.append(" ".join(source.note.split()))
    if source.date_note:
        parts.append(msgs("On the date:") + " " + " ".join(source.date_note.split()))
    return " ".join(parts)


@dataclass(frozen=True)
class Found:
    """A verified phrase's source, the line where its first words begin, and the note saying so."""

    source: str
    lang: str | None  # the source's language when it is not the brief's, else None
    note: str
    translation: str | None = None  # brief.yaml's translations: entry for a foreign phrase


class _Texts(dict[str, SourceText]):
    """Source texts by id, each prepared on first look-up: a brief whose prose quotes nothing
    from a 10 MB source does not fold that source again at every render."""

    def __init__(self, sources: list[Source]) -> None:
        super().__init__()
        self.sources = {s.id: s for s in sources}

    def __contains__(self, key: object) -> bool:
        return key in self.sources

    def __missing__(self, key: str) -> SourceText:
        self[key] = SourceText(self.sources[key].text)
        return self[key]


def _key(phrase: str) -> str:
    return " ".join(phrase.split())


class Phrases:
    """Every quoted phrase the loader verified in one brief, by its words (white space collapsed)."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.texts = _Texts(brief.sources)
        self.translations = {normalize(k): v for k, v in brief.translations.items()}
        self.found: dict[str, list[Found]] = {}
        self._spans: dict[str, dict[int, tuple[int, Found]]] = {}  # by paragraph: rules ask often
        for item in brief.phrases:
            self._add(item)

    def _add(self, item: VerifiedPhrase) -> None:
        known = self.found.setdefault(_key(item.phrase), [])
        if any(f.source == item.source for f in known):
            return
        words = list(item.words)
        source = self.brief.source(item.source)
        first = words[0]
        line = line_of(source.text, first) or line_of(source.text, first.rstrip(".,"))
        note = found_note(source, line, self.brief.messages)
        changed = changes(item.phrase, self.texts[source.id], words)
        if changed:
            note = note[:-1] + "; " + "; ".join(changed) + "."
        lang = self.brief.foreign(source.lang)
        translation = self.translations.get(normalize(item.phrase)) if lang else None
        known.append(Found(source.id, lang, note, translation))

    def spans(self, text: str) -> dict[int, tuple[int, Found]]:
        """The verified phrases of one paragraph's Markdown: start of the opening mark → (end
        after the closing mark, where its words were found).

        A phrase found in several sources is credited to the one this paragraph cites.
        """
        if text not in self._spans:
            self._spans[text] = self._find(text)
        return self._spans[text]

    def _find(self, text: str) -> dict[int, tuple[int, Found]]:
        out: dict[int, tuple[int, Found]] = {}
        cited: set[str] | None = None
        for run in runs(text):
            if isinstance(run, int):
                continue
            known = self.found.get(_key(run.phrase))
            if not known:
                continue
            if cited is None:
                cited = {c.source for m in find_markers(text) for c in m.cites}
            found = next((f for f in known if f.source in cited), known[0])
            out[run.start] = (run.start + len(run.phrase) + 2, found)
        return out
