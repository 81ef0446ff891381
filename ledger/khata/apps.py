from django.apps import AppConfig


class KhataConfig(AppConfig):
    name = "ledger.khata"
    label = "khata"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ledger.khata import (  # noqa: F401  (registers with realtime, social)
            notifications,
            personal_data,
            sync,
            team_pages,
        )
