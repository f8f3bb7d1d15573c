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
# Keeps the environment in step with pyproject.toml: installs again only when it changed (an
# editable install follows the sources by itself). pip takes some 20 s even when nothing changed
# and setuptools always says the install is editable, so routine calls skip it and stay quiet.
stamp="$venv/.edgraph-installed"
wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test]'
    echo "$wanted" >"$stamp"
fi

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
