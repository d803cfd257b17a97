# The two commands of README.md, and a few helpers. `make help` lists them.
.PHONY: help run test test-fast lint format demo lock mutation bench

help:           ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

run:            ## install, migrate, load the demo and serve it at http://127.0.0.1:8000
	scripts/run.sh

test:           ## the whole test suite against PostgreSQL and Redis (DATABASE_URL / REDIS_URL)
	scripts/test.sh

test-fast:      ## the tests without the browser ones, on both cores (pytest-xdist); no static checks
	scripts/bootstrap.sh dev && .venv/bin/pytest -n 2 -m "not browser" $(ARGS)

lint:           ## ruff, ruff format --check and mypy (strict)
	scripts/bootstrap.sh dev && .venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy .

format:         ## ruff format and ruff check --fix
	scripts/bootstrap.sh dev && .venv/bin/ruff format . && .venv/bin/ruff check --fix .

demo:           ## migrate and load the demo workspace (idempotent), without serving it
	scripts/bootstrap.sh && .venv/bin/python manage.py migrate --noinput && .venv/bin/python manage.py load_demo

lock:           ## rewrite requirements*.lock from pyproject.toml (UPGRADE=1: the newest versions it allows)
	scripts/bootstrap.sh dev && UPGRADE=$(UPGRADE) scripts/lock.sh && scripts/bootstrap.sh dev

mutation:       ## mutation testing of the pure engines: score and survivors (SAMPLE=300 for a quick look)
	SAMPLE=$(SAMPLE) SEED=$(SEED) ENGINES="$(ENGINES)" FRESH=$(FRESH) scripts/mutation.sh

bench:          ## every benchmark beside its anchor, in its own database (JSON=FILE writes the figures)
	scripts/bootstrap.sh dev && nice -n 10 .venv/bin/python benchmarks/run_all.py $(if $(JSON),--json $(JSON)) $(ARGS)
