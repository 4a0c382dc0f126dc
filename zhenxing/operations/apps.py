from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the application: the production server, start-up warm-up, health endpoints."""

    name = "zhenxing.operations"
    verbose_name = _("运行维护")

    def ready(self):
        from zhenxing.operations import generations  # noqa: F401  (installs the write watch)
