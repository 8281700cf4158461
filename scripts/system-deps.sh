#!/usr/bin/env bash
# Installs the Debian packages briefing needs (WeasyPrint's Pango, fonts with CJK/Hangul/Cyrillic
# glyphs, poppler, pandoc and LibreOffice for the tests) when run as root; otherwise prints the
# one apt-get line to run. Installs nothing that is already there. chromium drives the preview test.
set -euo pipefail
packages=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libcairo2 fontconfig
  fonts-noto-core fonts-noto-cjk fonts-crosextra-carlito fonts-crosextra-caladea
  poppler-utils pandoc libreoffice-writer-nogui chromium
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ]; then
  echo "system-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fc-cache -f >/dev/null 2>&1 || true
else
  echo "system-deps: missing Debian packages. Run as root:" >&2
  echo "  sudo $line" >&2
  exit 1
fi
