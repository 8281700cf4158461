"""Import WeasyPrint without ctypes' library search spawning processes (Linux).

WeasyPrint opens each native library (GObject, Pango, HarfBuzz, fontconfig, PangoFT2) by
trying a list of names: the Windows and macOS spellings first, the Linux soname later. cffi
tries a name with ``dlopen`` and, when that fails, asks ``ctypes.util.find_library``, which on
Linux runs ``ldconfig -p``, ``gcc`` and ``ld`` as child processes: some twenty failed searches,
about 0.1 CPU-seconds of every PDF build, before each list reaches the soname that loads.

On Linux ``find_library`` can only answer a soname, which ``dlopen`` then has to find by
itself, and WeasyPrint's lists hold those sonames; so while WeasyPrint is imported the search
answers "not found" at once and the same libraries load. Should the import fail that way (a
system whose sonames WeasyPrint does not list), it is imported again with the real search.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import sys


def import_weasyprint() -> None:
    """Import WeasyPrint's native-library bindings, skipping ``find_library`` on Linux."""
    if sys.platform != "linux" or "weasyprint.text.ffi" in sys.modules:
        return
    search = ctypes.util.find_library
    ctypes.util.find_library = _not_found
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # WeasyPrint prints why it failed
            import weasyprint.text.ffi  # noqa: F401
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = search


def _not_found(name: str) -> None:
    return None
