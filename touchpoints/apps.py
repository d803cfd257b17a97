from django.apps import AppConfig
from django.db.models.signals import post_save


class TouchpointsConfig(AppConfig):
    name = "touchpoints"
    verbose_name = "Touch points"

    def ready(self) -> None:
        from convergence.models import Workspace
        from touchpoints.channels import seed_new_workspace

        post_save.connect(seed_new_workspace, sender=Workspace, dispatch_uid="seed_new_workspace")
        # The public API's shell lives in convergence, which imports no app: the map's routes
        # join it here.
        from convergence.api.core import api
        from touchpoints.api import router

        api.add_router("/w/{slug}/", router)
