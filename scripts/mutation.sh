#!/usr/bin/env bash
# `make mutation`: mutation testing of the pure engines with mutmut (configured in pyproject.toml,
# [tool.mutmut]): each mutant of assessments/slope/ and touchpoints/orgchart/ is run against the
# engines' own tests (no database), then the score per engine and the survivors are printed.
#
#   make mutation                  # every mutant not yet judged, then the survivors again
#   make mutation SAMPLE=300       # a random sample (SEED=1 by default): a few minutes
#   make mutation SAMPLE=300 ENGINES="assessments.slope"   # ...of some engines only
#   make mutation FRESH=1          # forget earlier verdicts (mutants/ is a cache) and judge all
#   make mutation ENGINES="touchpoints.orgchart assessments.survey"  # whole population of these
#                                  # engines, one engine after the other, in the order given
#
# Verdicts are kept in mutants/: a mutant whose function changed is judged again, a survivor is
# re-run every time (a new test may kill it), a killed mutant stays killed. Mutants that cannot
# change behaviour are listed, with the reason, in scripts/mutation_equivalents.txt.
# One worker at the lowest priority: the machine is shared (MUTATION_WORKERS=2 to use both cores).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
export DJANGO_SETTINGS_MODULE=convergence.settings DATABASE_URL= REDIS_URL=
py=.venv/bin/python
mutmut() { nice -n 19 .venv/bin/mutmut run --max-children "${MUTATION_WORKERS:-1}" "$@"; }

[ -n "${FRESH:-}" ] && rm -rf mutants
if [ -n "${SAMPLE:-}" ]; then
  $py scripts/mutation.py generate >/dev/null
  mapfile -t names < <($py scripts/mutation.py sample "$SAMPLE" "${SEED:-1}" ${ENGINES:-})
  mutmut "${names[@]}" >mutants/run.log 2>&1 || { tail -40 mutants/run.log; exit 1; }
  exec $py scripts/mutation.py report "${names[@]}"
fi
if [ -n "${ENGINES:-}" ]; then
  # Engine by engine, so that the first engine named is wholly judged first.
  $py scripts/mutation.py generate >/dev/null
  : >mutants/run.log
  for engine in $ENGINES; do
    mapfile -t names < <($py scripts/mutation.py rerun "$engine")
    [ "${#names[@]}" -gt 0 ] || continue
    mutmut "${names[@]}" >>mutants/run.log 2>&1 || { tail -40 mutants/run.log; exit 1; }
  done
  exec $py scripts/mutation.py report
fi
mutmut >mutants/run.log 2>&1 || { tail -40 mutants/run.log; exit 1; }
mapfile -t again < <($py scripts/mutation.py rerun)
if [ "${#again[@]}" -gt 0 ]; then
  mutmut "${again[@]}" >>mutants/run.log 2>&1 || { tail -40 mutants/run.log; exit 1; }
fi
exec $py scripts/mutation.py report
