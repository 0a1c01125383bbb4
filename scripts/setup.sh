#!/bin/sh
# Install letters into .venv from the lock file (uv.lock), system libraries first.
#   sh scripts/setup.sh          letters itself (not editable): what a campaign needs
#   sh scripts/setup.sh --test   letters editable, with the test tools (pytest, ruff, mypy, ...)
# uv installs exactly the versions in uv.lock (--locked refuses a lock that no longer matches
# pyproject.toml); uv itself is pinned here and installed from PyPI into the same .venv.
set -eu
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
export UV_PYTHON_DOWNLOADS=never  # use this machine's Python 3.11+, never download one

sh scripts/system-deps.sh "$@"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
# --inexact: keep uv itself, which is not one of the project's dependencies.
# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set (CI images often set it), Python would
# otherwise compile every module again at each start: 'letters build' with nothing to do took
# 0.84 s of CPU instead of 0.47 s (bench/README.md).
if [ "${1:-}" = "--test" ]; then
  .venv/bin/uv sync --quiet --locked --inexact --compile-bytecode --extra test
  .venv/bin/python -m compileall -q letters  # the editable source tree too
else
  .venv/bin/uv sync --quiet --locked --inexact --compile-bytecode --no-editable
fi
