"""WeasyPrint's native libraries load without ctypes' library search (briefing/pdf/libraries.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the search is skipped on Linux only")

LOADED = """
import json
names = ("gobject", "glib", "pango", "harfbuzz", "fontconfig", "freetype", "fribidi")
libs = sorted({line.split()[-1] for line in open("/proc/self/maps") if any(n in line for n in names)})
print(json.dumps(libs))
"""


def run(code: str, tail: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code) + tail], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_no_child_processes_and_the_same_libraries():
    ours = run(
        """
        import subprocess
        spawned = []
        real = subprocess.Popen.__init__
        def record(self, args, *a, **k):
            spawned.append(args)
            real(self, args, *a, **k)
        subprocess.Popen.__init__ = record
        import briefing.pdf
        subprocess.Popen.__init__ = real
        print(spawned)
        """,
        LOADED,
    ).splitlines()
    plain = run("import weasyprint", LOADED).splitlines()
    assert ours[0] == "[]"  # WeasyPrint alone spawns ldconfig, gcc and ld for every alias it tries
    assert "pango" in plain[0] and "harfbuzz-subset" in plain[0]
    assert ours[1] == plain[0]  # the same shared objects: Pango, HarfBuzz(-subset), fontconfig …


def test_falls_back_to_the_real_search_when_a_library_does_not_load():
    out = run(
        """
        import cffi.api, ctypes.util
        real = cffi.api.FFI.dlopen
        def dlopen(self, name, flags=0):
            if ctypes.util.find_library.__name__ == "_not_found":
                raise OSError(f"pretend {name} needs the search")
            return real(self, name, flags)
        cffi.api.FFI.dlopen = dlopen
        import briefing.pdf
        import weasyprint.text.ffi as ffi
        print(ctypes.util.find_library.__name__, ffi.pango is not None)
        """
    )
    assert out.split() == ["find_library", "True"]
