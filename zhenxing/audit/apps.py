from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class AuditConfig(AppConfig):
    name = "zhenxing.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from zhenxing.audit import receivers

        receivers.connect()
        checks.register(check_retention)


def check_retention(app_configs=None, **kwargs):
    """Six months of audit records at least (GB/T 22239-2019 8.1.4.3)."""
    from zhenxing.audit.services import MINIMUM_RETENTION_DAYS

    if settings.AUDIT_RETENTION_DAYS < MINIMUM_RETENTION_DAYS:
        return [
            checks.Error(
                f"AUDIT_RETENTION_DAYS={settings.AUDIT_RETENTION_DAYS} is under "
                f"{MINIMUM_RETENTION_DAYS} days: audit records must be kept six months.",
                id="audit.E001",
            )
        ]
    return []
