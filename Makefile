# The two commands of README.md, and a few helpers.
.PHONY: run test lint format demo bench mutation

run:            ## install, migrate, load the demo and serve it at http://127.0.0.1:8000
	scripts/run.sh

test:           ## the whole test suite against PostgreSQL and Redis (DATABASE_URL / REDIS_URL)
	scripts/test.sh

lint:
	scripts/bootstrap.sh dev && .venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy .

format:
	scripts/bootstrap.sh dev && .venv/bin/ruff format . && .venv/bin/ruff check --fix .

mutation:       ## mutation testing of the pure engines: score and survivors (SAMPLE=300 for a quick look)
	SAMPLE=$(SAMPLE) SEED=$(SEED) ENGINES="$(ENGINES)" FRESH=$(FRESH) scripts/mutation.sh
