"""What each text field of the model is, declared once on the model; every list is read from it.

A field's roles are ``Annotated`` metadata on its type in :mod:`briefing.model`
(``bluf: Annotated[Text, Role.BLOCK | Role.CITES | Role.LIKELIHOOD]``). The loader's checks
(Markdown allowed, citations required, likelihood words, links, Word properties), the phrase
verifier, the translations and borrowing checks, and the templates' rendering all ask this module
for the fields with a role, so a new field is declared in one place and a role cannot drift
between the check and the writers.

Paths are YAML paths (``("key_judgments", "*", "text")``; ``"*"`` is any index or key), under every
key the YAML may use for a field (its name and its aliases: ``URL`` and ``url``).
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Union

from pydantic import BaseModel

Loc = tuple[str | int, ...]


class Role(enum.Flag):
    """One role of a text field; a field's roles are or-ed together."""

    PLAIN = enum.auto()  # prose printed as plain text: typographic quotes, verified phrases marked
    INLINE = enum.auto()  # inline Markdown: emphasis, links, citations (one paragraph's runs)
    BLOCK = enum.auto()  # block Markdown: paragraphs and lists as well
    CITES = enum.auto()  # makes claims, so must cite a source
    LIKELIHOOD = enum.auto()  # its likelihood words are held to the brief's scale
    NOTE = enum.auto()  # a production note: checked like prose, never printed for the reader
    SCOPE = enum.auto()  # one citation scope with its object's other SCOPE fields (an indicator's why)
    PROPERTY = enum.auto()  # becomes a Word document property (255 characters at most)
    URL = enum.auto()  # a web address: only an allowed scheme

    @property
    def prose(self) -> bool:
        """Prose: its quoted phrases are verified against the sources its scope cites (and need a
        translation when they are in another language than the brief's)."""
        return bool(self & (Role.PLAIN | Role.INLINE | Role.BLOCK))

    @property
    def markdown(self) -> str | None:
        """``"block"``, ``"inline"`` or None (plain text): how the writers render the field."""
        return "block" if Role.BLOCK in self else "inline" if Role.INLINE in self else None


NONE = Role(0)


def _role(metadata: Any) -> Role:
    return functools.reduce(lambda a, b: a | b, (m for m in metadata if isinstance(m, Role)), NONE)


def yaml_keys(model: type[BaseModel], name: str) -> list[str]:
    """The keys a YAML file may write the field ``name`` under (``URL``, ``url``)."""
    return _keys(name, model.model_fields[name])


def _keys(name: str, field: Any) -> list[str]:
    """Every key a YAML file may write a field under: its name, alias and alias choices."""
    keys = [field.alias or name]
    choices = getattr(field.validation_alias, "choices", None) or []
    keys += [c for c in choices if isinstance(c, str)]
    return list(dict.fromkeys(keys))


def _walk(tp: Any, loc: Loc, role: Role, parent: Loc) -> Iterator[tuple[Loc, Role, Loc]]:
    """(path, roles, path of the object holding the field) for each text with a role under ``tp``."""
    origin = typing.get_origin(tp)
    if origin is Annotated:
        base, *meta = typing.get_args(tp)
        yield from _walk(base, loc, role | _role(meta), parent)
    elif origin in (Union, types.UnionType):
        found: dict[Loc, tuple[Loc, Role, Loc]] = {}
        for arg in typing.get_args(tp):
            for item in _walk(arg, loc, role, parent):
                found.setdefault(item[0], item)
        yield from found.values()
    elif origin in (list, tuple):
        yield from _walk(typing.get_args(tp)[0], (*loc, "*"), role, parent)
    elif origin is dict:
        yield from _walk(typing.get_args(tp)[1], (*loc, "*"), role, parent)
    elif isinstance(tp, type) and issubclass(tp, BaseModel):
        yield from _fields(tp, loc)
    elif tp is str and role:
        yield loc, role, parent


def _fields(model: type[BaseModel], prefix: Loc = ()) -> Iterator[tuple[Loc, Role, Loc]]:
    for name, field in model.model_fields.items():
        for key in _keys(name, field):
            yield from _walk(field.annotation, (*prefix, key), _role(field.metadata), prefix)


@functools.cache
def declared(model: type[BaseModel]) -> tuple[tuple[Loc, Role, Loc], ...]:
    """Every text field of ``model`` with a role, in the model's order."""
    return tuple(_fields(model))


def paths(*models: type[BaseModel], where: Callable[[Role], bool]) -> tuple[Loc, ...]:
    """The paths of the fields whose roles satisfy ``where`` (``lambda r: Role.CITES in r``)."""
    found = [loc for model in models for loc, role, _ in declared(model) if where(role)]
    return tuple(dict.fromkeys(found))


def scopes(
    model: type[BaseModel], where: Callable[[Role], bool] = lambda r: r.prose
) -> tuple[tuple[Loc, ...], ...]:
    """The prose of ``model`` as citation scopes: one field each, except the SCOPE fields of one
    object, read together (an indicator's ``why`` with its cited ``text``)."""
    groups: dict[Loc | tuple[str, Loc], list[Loc]] = {}
    for loc, role, parent in declared(model):
        if where(role):
            groups.setdefault(("with", parent) if Role.SCOPE in role else loc, []).append(loc)
    return tuple(tuple(g) for g in groups.values())


def role_of(model: type[BaseModel], loc: Loc) -> Role:
    """The roles of the field at ``loc`` (a concrete path: indices and keys), or no role."""
    for pattern, role, _ in declared(model):
        if len(pattern) == len(loc) and all(p in ("*", x) for x, p in zip(loc, pattern, strict=True)):
            return role
    return NONE


