"""The judgement's part of the public API: assessments, gap reports, actions, survey results.

`router` is added to convergence.api.core.api under `/w/{slug}/` in AssessmentsConfig.ready.
"""

from ninja import Router

from assessments.api import actions, assessments, reports, surveys

router = Router()
router.add_router("assessments/", assessments.router, tags=["Assessments"])
router.add_router("reports/", reports.router, tags=["Gap reports"])
router.add_router("actions/", actions.router, tags=["Actions"])
router.add_router("surveys/", surveys.router, tags=["Survey results"])
