from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self) -> None:
        # touchpoints never imports assessments: the workshop board's review-gaps scoring is
        # handed to it here.
        from assessments.workshop_review import board_review, board_scope_score
        from touchpoints.workshops import review

        review.register(board_review, board_scope_score)
        # The public API's shell lives in convergence, which imports no app: the judgement's
        # routes join it here.
        from assessments.api import router
        from convergence.api.core import api

        api.add_router("/w/{slug}/", router)
