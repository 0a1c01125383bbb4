#!/bin/sh
# Run the test suite against other versions than the lock file's, in a throw-away venv:
#   sh scripts/test-against.sh newest   the newest releases pyproject.toml allows (see an upstream
#                                       change before it bites; not run in CI)
#   sh scripts/test-against.sh lowest   the floors in pyproject.toml (direct dependencies at their
#                                       oldest allowed version): do the floors really work?
# Extra arguments go to pytest. Needs uv (sh scripts/setup.sh --test installs it in .venv).
set -eu
cd "$(dirname "$0")/.."
mode="${1:-newest}"; [ $# -gt 0 ] && shift
case "$mode" in
  newest) resolution=highest ;;
  lowest) resolution=lowest-direct ;;
  *) echo "usage: sh scripts/test-against.sh newest|lowest [pytest args]" >&2; exit 2 ;;
esac
uv=.venv/bin/uv; [ -x "$uv" ] || uv=uv
venv="${TMPDIR:-/tmp}/letters-$mode-venv"
rm -rf "$venv"
UV_PYTHON_DOWNLOADS=never "$uv" venv -q "$venv"
VIRTUAL_ENV="$venv" "$uv" pip install -q --resolution "$resolution" --upgrade -e ".[test]"
echo "== versions ($mode)"
VIRTUAL_ENV="$venv" "$uv" pip list 2>/dev/null | grep -iE '^(babel|click|fonttools|jinja2|markupsafe|pydantic|pyyaml|rich|typer|weasyprint|pymorphy3|pytest|pypdf) '
"$venv/bin/pytest" -q -p no:cacheprovider "$@"
