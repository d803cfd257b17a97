from django.apps import AppConfig


class ConvergenceConfig(AppConfig):
    name = "convergence"
    verbose_name = "Workspaces"

    def ready(self) -> None:
        from convergence import lookups

        lookups.register()
