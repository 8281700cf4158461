"""A synthetic brief as pandoc Markdown: what a user without briefing would write by hand.

Same sections, prose, matrix, quotes and references as the seeds folder; each citation marker
becomes one footnote, as in briefing's own outputs.
"""

from __future__ import annotations

import re

_MARKER = re.compile(r"\[(@[^\]]+)\]")


def _notes(text: str, refs: dict[str, str]) -> str:
    def note(match: re.Match[str]) -> str:
        ids = [part.strip().lstrip("@").split(",")[0] for part in match.group(1).split(";")]
        return "^[" + "; ".join(refs[i] for i in ids) + ".]"

    return _MARKER.sub(note, text)


def markdown(brief: dict, sources: dict[str, dict]) -> str:
    refs = {s: f"{d['author'][0]['family']} ({d['published'].year})" for s, d in sources.items()}

    def md(text: str) -> str:
        return _notes(str(text), refs)

    actors = {a["id"]: a for a in brief["actors"]}
    stances = {s["id"]: s for s in brief["stances"]}
    out = [
        "---",
        f'title: "{brief["title"]}"',
        f'subtitle: "{brief["subtitle"]}"',
        f'author: "{brief["author"]}"',
        f"date: {brief['date'].isoformat()}",
        "---",
        "",
        "## Bottom line up front",
        "",
        md(brief["bluf"]),
        "",
        "## Key judgments",
        "",
    ]
    out += [
        f"{i}. {md(j['text'])} *({j['confidence']} confidence)*"
        for i, j in enumerate(brief["key_judgments"], 1)
    ]
    out += ["", "## Actors", ""]
    for actor in brief["actors"]:
        out += [f"### {actor['name']}", ""]
        for key in ("position", "aims", "concerns", "leverage"):
            out += [f"**{key.capitalize()}.** {md(actor[key])}", ""]
    header = "| Issue | " + " | ".join(actors[a]["short"] for a in actors) + " |"
    out += ["## Positions compared", "", header, "|" + "---|" * (len(actors) + 1)]
    for issue in brief["issues"]:
        row = brief["matrix"][issue["id"]]
        cells = [f"{stances[row[a]['category']]['symbol']} {md(row[a]['stance'])}" for a in actors]
        out.append(f"| {issue['name']} | " + " | ".join(cells) + " |")
    out.append("")
    for key in ("convergence", "divergence", "outlook"):
        out += [f"## {key.capitalize()}", "", md(brief[key]), ""]
    out += ["## Indicators to watch", ""]
    out += [f"- {md(i['text'])} {i['why']}" for i in brief["indicators"]]
    out += ["", "## Timeline", ""]
    out += [f"- **{e['date']}** {e['label']} {md(e['cite'])}" for e in brief["timeline"]]
    out += ["", "## Sources", ""]
    for sid, data in sources.items():
        out += [f"### {data['title']}", "", f"{refs[sid]}, *{data['outlet']}*.", "", data["summary"], ""]
        for quote in data["quotes"]:
            out += [f"> {quote['text']}", ""]
        out += [f"**{actors[a]['name']}.** {md(text)}\n" for a, text in data["positions"].items()]
    out += ["## References", ""]
    out += [
        f"{i}. {refs[s]}, *{sources[s]['title']}*, {sources[s]['outlet']}." for i, s in enumerate(sources, 1)
    ]
    return "\n".join(out) + "\n"
