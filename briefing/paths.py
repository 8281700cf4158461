"""Where briefing's own files are, in a module light enough for the no-change check to import."""

from __future__ import annotations

import os
from pathlib import Path

TEMPLATES = Path(os.environ.get("BRIEFING_TEMPLATES", Path(__file__).resolve().parents[1] / "templates"))
