from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "zhenxing.security"
    label = "security"
    verbose_name = "安全"

    def ready(self) -> None:
        from zhenxing.security import receivers

        receivers.connect()
