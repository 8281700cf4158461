"""Build again with nothing changed: reuse the outputs instead of rendering them again.

A build's key hashes everything that decides its bytes: the brief folder's files, the
templates (built-in and ``--template-dir``), the theme file, the options, the font files the
PDF embeds, briefing's own code and the versions of the libraries that write the files. After a
build, a manifest in briefing's cache folder (one per output folder, so the output folder holds
nothing but outputs) records the key and each output's SHA-256. The next build with the same
key is skipped only if every output is still there with those bytes, so an edited or deleted
output is rebuilt; ``--force`` always builds. This module imports nothing heavy: the check must
cost less than the imports a real build needs.

The same inputs also key one stage: the rendered HTML (with the brief's slug, date and
warnings), kept by content in a folder of its own (:func:`stage_folder`), so a ``--force``
build, or a build into another folder, writes its outputs without loading and rendering again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from briefing.errors import Problem

PACKAGE = Path(__file__).resolve().parent


def cache_root() -> Path:
    """Where briefing keeps what it can rebuild: $BRIEFING_CACHE, else the XDG cache folder."""
    if os.environ.get("BRIEFING_CACHE"):
        return Path(os.environ["BRIEFING_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "briefing"


def _versions(libraries: tuple[str, ...]) -> dict[str, str]:
    from briefing import __version__

    return {"briefing": __version__, **_writer_versions(libraries)}


@functools.cache
def _writer_versions(libraries: tuple[str, ...]) -> dict[str, str]:
    """Read once per process: a ``watch`` session keys every rebuild with the same versions."""
    from importlib import metadata

    found = {}
    for name in libraries:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "-"
    return found


def _files(root: Path, out: Path) -> Iterable[Path]:
    """Every file under ``root``, except our own outputs when ``out`` lies inside it."""
    skip = out if out != root and out.is_relative_to(root) else None
    for path in sorted(root.rglob("*")):
        if path.is_file() and not (skip and path.is_relative_to(skip)):
            yield path


def manifest(out: Path) -> Path:
    """Where the record of the last build into ``out`` is kept."""
    name = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:24]
    return cache_root() / "builds" / f"{name}.json"


def key(
    seeds: Path,
    out: Path,
    settings: dict[str, object],
    folders: Iterable[Path],
    files: Iterable[Path],
    libraries: Iterable[str] = (),
) -> str:
    """The build's key: ``settings`` (formats, paper, options), every file under ``seeds`` and
    ``folders`` (templates) by content, ``files`` (theme, fonts) by content, briefing's code by
    size and time, and the versions of ``libraries`` (the table of writers names them: the cache
    sits below the writers and is told, not importing them)."""
    digest = hashlib.sha256()
    out = out.resolve()
    versions = _versions(tuple(sorted(set(libraries))))
    record = {"settings": settings, "versions": versions}
    digest.update(json.dumps(record, sort_keys=True, default=str).encode())
    for root in (seeds, *folders):
        root = root.resolve()
        for path in _files(root, out):
            digest.update(f"\0{root.name}/{path.relative_to(root)}\0".encode())
            digest.update(path.read_bytes())
    for path in files:
        digest.update(f"\0{path}\0".encode())
        digest.update(path.read_bytes() if path.stat().st_size < 4_000_000 else _stamp(path))
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(f"\0{path.relative_to(PACKAGE)}\0".encode() + _stamp(path))
    return digest.hexdigest()


def _stamp(path: Path) -> bytes:
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}".encode()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lookup(out: Path, build_key: str) -> dict[str, object] | None:
    """The last build's record if it had this key and its outputs are unchanged, else None."""
    try:
        record = json.loads(manifest(out).read_text(encoding="utf-8"))
        if record.get("key") != build_key:
            return None
        for name, digest in record["files"].items():
            if _sha256(out / name) != digest:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return record


def save(out: Path, build_key: str, written: Iterable[Path], extra: dict[str, object]) -> None:
    """Record a finished build; a manifest that cannot be written only costs the next build."""
    files = {str(p.relative_to(out)): _sha256(p) for p in written}
    record = {"key": build_key, "files": files, **extra}
    target = manifest(out)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(record, indent=1, default=str), encoding="utf-8")
        os.replace(partial, target)
    except OSError:
        _remove(partial)


def problems(rows: object) -> list[Problem]:
    """Warnings as recorded in a manifest, back as problems."""
    out = []
    for row in rows if isinstance(rows, list) else []:
        path, line, col, field, message = row
        out.append(Problem(Path(path), int(line), int(col), str(field), str(message)))
    return out


def rows(found: list[Problem]) -> list[list[object]]:
    return [[str(p.path), p.line, p.col, p.field, p.message] for p in found]


def stored(kind: str, key: bytes, make: Callable[[], bytes], libraries: tuple[str, ...] = ()) -> bytes:
    """``make()``'s bytes, kept in the cache folder under the hash of ``key`` and the versions of
    the ``libraries`` that make them: each distinct content is made once."""
    from importlib import metadata

    digest = hashlib.sha256(kind.encode() + b"\0" + key)
    for name in libraries:
        digest.update(f"\0{name} {metadata.version(name)}".encode())
    name = digest.hexdigest()
    path = cache_root() / kind / name[:2] / name
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = make()
    partial = path.with_name(f".{name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError:
        _remove(partial)
    return data


STAGES_KEPT = 32  # rendered briefs kept per stage; the least recently used go first


def stage_folder(kind: str) -> Path:
    """Where one stage's records live: $BRIEFING_STAGE_CACHE/kind, else in the cache folder."""
    base = os.environ.get("BRIEFING_STAGE_CACHE")
    return (Path(base) if base else cache_root() / "stages") / kind


def derived(base: str, *parts: object) -> str:
    """A key made from another key and more settings (the build's formats, say)."""
    return hashlib.sha256(json.dumps([base, *parts], default=str).encode()).hexdigest()


def stage_lookup(kind: str, stage_key: str) -> dict[str, object] | None:
    """A stage's record kept under ``stage_key``, or None; a hit counts as a use."""
    path = stage_folder(kind) / f"{stage_key}.json"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        os.utime(path)
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("key") == stage_key else None


def stage_save(kind: str, stage_key: str, record: dict[str, object]) -> None:
    """Keep a stage's record, and only the :data:`STAGES_KEPT` most recently used of its kind."""
    folder = stage_folder(kind)
    target = folder / f"{stage_key}.json"
    partial = folder / f".{stage_key}.{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps({**record, "key": stage_key}, default=str), encoding="utf-8")
        os.replace(partial, target)
        kept = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[STAGES_KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        _remove(partial)


def _remove(path: Path) -> None:
    """Remove a partial file if it is there; a cache folder that cannot be reached is no error."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
