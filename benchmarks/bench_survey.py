"""Time a large survey round on the 10,000-unit generated workspace (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/conv_survey_bench \\
        .venv/bin/python benchmarks/bench_survey.py [--slug bench-survey] [--units 10000]
        [--teams 1000] [--touchpoints 100000] [--responses 2000] [--repeat 5]

Generates the workspace with touchpoints.synthetic.generate_workspace unless one with that slug
and size exists, then (re)makes one round of the default instrument (24 statements) with
--responses anonymous responses (seeded random answers, about 8% "don't know", units and role
levels set), and measures:
- closing the round (the request), then its evidence (the background task: the assessment of
  its scope and the evidence frozen with it);
- the results page, as a manager's full GET through Django (session, access, read, render);
- the read model alone (one query for the responses, the engine, the distributions);
  the results page both with the closed round's results cached and without;
- the round's part of the gap report (the SURV gaps of the latest closed round, as rows);
- the CSV and XLSX exports, and the dashboard's Perception panel, with a cold cache.
Best wall time of --repeat runs each.
"""

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from assessments import rounds  # noqa: E402
from assessments.gap_reports import evidence_json  # noqa: E402
from assessments.models import SurveyResponse, SurveyRound  # noqa: E402
from assessments.models.surveys import token_digest  # noqa: E402
from assessments.round_exports import results_csv, results_xlsx  # noqa: E402
from assessments.round_results import (  # noqa: E402
    perception_trend,
    round_results,
    survey_gap_row,
    survey_gaps_for_report,
)
from convergence.models import Membership, Role, Workspace  # noqa: E402
from touchpoints.models import OrgUnit, Side, TouchPoint  # noqa: E402
from touchpoints.synthetic import SyntheticSpec, generate_workspace  # noqa: E402


def workspace_for(spec: SyntheticSpec) -> Workspace:
    workspace = Workspace.objects.filter(slug=spec.slug).first()
    if workspace is not None:
        units = OrgUnit.objects.filter(workspace=workspace)
        sizes = (
            units.filter(side=Side.BUSINESS).count(),
            units.filter(side=Side.IT, kind="team").count(),
            TouchPoint.objects.filter(workspace=workspace).count(),
        )
        if sizes == (spec.units, spec.teams, spec.touchpoints):
            print(f"Reusing workspace {spec.slug!r}: {sizes}")
            return workspace
    started = time.perf_counter()
    workspace = generate_workspace(spec)
    print(f"Generated workspace {spec.slug!r} in {time.perf_counter() - started:.1f} s")
    return workspace


def answered_round(workspace: Workspace, responses: int, seed: int = 7) -> SurveyRound:
    """A fresh round with `responses` responses to all 24 default statements."""
    SurveyRound.objects.filter(workspace=workspace, title="Benchmark round").delete()
    survey_round = SurveyRound.objects.create(
        workspace=workspace,
        title="Benchmark round",
        instrument=rounds.default_instrument(workspace),
    )
    rng = random.Random(seed)
    unit_ids = list(OrgUnit.objects.filter(workspace=workspace).values_list("pk", flat=True)[:500])
    statements = survey_round.instrument.statements
    SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(
                round=survey_round,
                token_digest=token_digest(f"bench-{n}"),
                side="business" if n % 3 else "it",
                unit_id=rng.choice(unit_ids),
                role_level=rng.choice(["executive", "manager", "staff", ""]),
                answers={
                    s["id"]: None if rng.random() < 0.08 else rng.randint(1, 5) for s in statements
                },
            )
            for n in range(responses)
        ],
        batch_size=500,
    )
    return survey_round


def best(name: str, run: Callable[[], str], repeat: int) -> None:
    times, note = [], ""
    for _ in range(repeat):
        started = time.perf_counter()
        note = run()
        times.append(time.perf_counter() - started)
    print(f"{name:<44} best {1000 * min(times):8.1f} ms  {note}", flush=True)


def manager_client(workspace: Workspace) -> Client:
    user, _ = User.objects.get_or_create(username="bench-manager")
    Membership.objects.get_or_create(
        workspace=workspace, user=user, defaults={"role": Role.MANAGER}
    )
    client = Client()
    client.force_login(user)
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--slug", default="bench-survey")
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--touchpoints", type=int, default=100000)
    parser.add_argument("--responses", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    spec = SyntheticSpec(args.slug, args.units, args.teams, args.touchpoints)
    workspace = workspace_for(spec)
    survey_round = answered_round(workspace, args.responses)
    print(f"Round {survey_round.pk}: {args.responses} responses x 24 statements")

    started = time.perf_counter()
    rounds.close_round(survey_round.pk)
    print(f"{'closing the round (the request)':<44} {time.perf_counter() - started:8.3f} s")
    started = time.perf_counter()
    rounds.freeze_evidence(survey_round.pk)
    took = time.perf_counter() - started
    print(f"{'its evidence (the background task)':<44} {took:8.2f} s")
    survey_round.refresh_from_db()

    client = manager_client(workspace)
    page = reverse("round_results", args=[workspace.slug, survey_round.pk])

    def results_page_cold() -> str:
        cache.clear()
        return results_page()

    def results_page() -> str:
        response = client.get(page)
        assert response.status_code == 200
        return f"{len(response.content) // 1024} KB"

    def read_model() -> str:
        cache.clear()
        results = round_results(
            SurveyRound.objects.select_related("instrument").get(pk=survey_round.pk)
        )
        score = float(results.result.all.score or 0)
        return f"perception {score:.2f}, {len(results.result.gaps)} gaps"

    def report_part() -> str:
        cache.clear()
        found, gaps = survey_gaps_for_report(workspace.pk)
        assert found is not None
        rows = [survey_gap_row(g, found, evidence_json(g.evidence), i) for i, g in enumerate(gaps)]
        return f"{len(rows)} SURV gap rows"

    def exports() -> str:
        cache.clear()
        results = round_results(survey_round)
        return f"CSV {len(results_csv(results))} B, XLSX {len(results_xlsx(results))} B"

    def panel() -> str:
        cache.clear()
        return f"{len(perception_trend(workspace.pk))} closed round(s)"

    best("results page, results not cached (full GET)", results_page_cold, args.repeat)
    best("results page, results cached (full GET)", results_page, args.repeat)
    best("results read model, not cached", read_model, args.repeat)
    best("gap report: the round's SURV gaps as rows", report_part, args.repeat)
    best("CSV + XLSX exports", exports, args.repeat)
    best("dashboard Perception panel, cold cache", panel, args.repeat)


if __name__ == "__main__":
    main()
