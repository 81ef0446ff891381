from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "ledger.finance"
    label = "finance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ledger.finance import sync  # noqa: F401  (registers models with realtime)
