#!/usr/bin/env bash
# One entry point for people and CI: sets up .venv (Python 3.11+, from PyPI) and then
#   ./dev.sh serve [--host H --port P]   builds the bundled graph if needed and serves the viewer
#   ./dev.sh test  [pytest args]         runs the whole test suite (installs Debian's chromium
#                                        with apt if it is missing, for the browser tests)
set -euo pipefail
cd "$(dirname "$0")"
venv=${EDGRAPH_VENV:-.venv}

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
fi
# Cheap when nothing changed; keeps the environment in step with pyproject.toml.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test]'

command=${1:-}
shift || true
case "$command" in
    serve) exec "$venv/bin/edgraph" serve "$@" ;;
    test)
        # The browser tests drive Debian's chromium; install it once if it is missing.
        if ! command -v chromium >/dev/null; then
            sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
            $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
        fi
        exec "$venv/bin/python" -m pytest "$@" ;;
    *) echo "usage: ./dev.sh serve|test [args]" >&2; exit 2 ;;
esac
