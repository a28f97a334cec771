# Two entry points for a fresh machine (see README): `make demo` and `make test`.
.PHONY: setup demo test lint bench

setup:
	bash scripts/setup.sh

demo: setup
	.venv/bin/retold demo --out retold-demo

test: setup
	bash scripts/setup-browser.sh
	.venv/bin/ruff check src tests bench
	HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 .venv/bin/python -m pytest

bench: setup
	.venv/bin/python bench/quality.py
