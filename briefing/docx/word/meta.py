"""What the HTML says about the document rather than in it: ``<head>`` metadata, ``<html lang>``,
the masthead's short title and handling marking, the page label."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from briefing.walker.source import classes, normalise


@dataclass
class Meta:
    title: str = ""
    author: str = ""
    description: str = ""
    keywords: str = ""
    created: dt.datetime | None = None
    language: str = ""  # BCP 47, from <html lang>
    short_title: str = ""  # h1[data-short]: the running header
    handling: str = ""  # p.handling: header and footer
    page_label: str = ""  # body[data-page-label], e.g. "Page {page} of {pages}"


def read_meta(root) -> Meta:
    meta = Meta(language=root.get("lang") or "")
    head = root.find("head")
    if head is not None:
        title = head.find("title")
        meta.title = normalise(title.text_content()) if title is not None else ""
        named = {m.get("name"): m.get("content", "") for m in head.iter("meta") if m.get("name")}
        meta.author = named.get("author", "")
        meta.description = named.get("description", "")
        meta.keywords = named.get("keywords", "")
        try:
            day = dt.date.fromisoformat(named.get("dcterms.created", "")[:10])
            meta.created = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
        except ValueError:
            meta.created = None
    body = root.body
    meta.page_label = body.get("data-page-label") or ""
    h1 = body.find(".//h1")
    if h1 is not None:
        meta.short_title = h1.get("data-short") or normalise(h1.text_content())
        meta.title = meta.title or normalise(h1.text_content())
    handling = next((p for p in body.iter("p") if "handling" in classes(p)), None)
    if handling is not None:
        meta.handling = normalise(handling.text_content())
    return meta
