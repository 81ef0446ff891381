from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "ledger.finance"
    label = "finance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ledger.finance import notifications, personal_data, sync  # noqa: F401  (registers with realtime, social)
