#!/usr/bin/env bash
# The tool's messages: extract them into briefing/catalogue/locale/briefing.pot, then merge the
# template into every language's catalogue (new messages arrive untranslated). docs/languages.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
LOCALES=briefing/catalogue/locale
"$PYBABEL" extract -F babel.cfg -o "$LOCALES/briefing.pot" --no-location --omit-header --sort-output \
  -k N_ -k msgs --project briefing . 2>/dev/null
shopt -s nullglob
for po in "$LOCALES"/*/LC_MESSAGES/briefing.po; do
  lang=$(basename "$(dirname "$(dirname "$po")")")
  "$PYBABEL" update -i "$LOCALES/briefing.pot" -o "$po" -l "${lang//-/_}" --no-fuzzy-matching --omit-header 2>/dev/null
done
