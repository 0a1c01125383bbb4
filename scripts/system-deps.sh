#!/bin/sh
# System libraries letters needs, installed only when missing (Debian/Ubuntu).
#   Pango (text layout for WeasyPrint) and HarfBuzz-Subset (font subsetting: PDFs are made about
#   2.7x faster than with WeasyPrint's fontTools fallback, see bench/README.md).
# Fonts are bundled with letters; nothing else is needed.
set -eu
pkgs="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
# --test: Chromium, driven by Playwright in the 'letters serve' browser tests (tests/test_serve_browser.py)
case " $* " in *" --test "*) pkgs="$pkgs chromium" ;; esac
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "letters needs:$missing (install them with your package manager)" >&2
  exit 1
fi
run() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
echo "installing:$missing" >&2
run apt-get update -qq
DEBIAN_FRONTEND=noninteractive run apt-get install -y -qq --no-install-recommends $missing >/dev/null
