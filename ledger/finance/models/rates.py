from __future__ import annotations

from django.conf import settings
from django.db import models

from config.money import currency_field


class ExchangeRate(models.Model):
    """1 `base` = `rate` `quote`, from `effective_date` until a later rate for the pair.

    `owner` null is a rate entered by an admin for everyone; a user's own rate for the same
    pair and date wins over it for that user."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    base = currency_field()
    quote = currency_field()
    rate = models.DecimalField(max_digits=24, decimal_places=10)
    effective_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["base", "quote", "-effective_date", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="fin_rate_positive"),
            models.CheckConstraint(condition=~models.Q(base=models.F("quote")), name="fin_rate_two_currencies"),
            models.UniqueConstraint(
                fields=["owner", "base", "quote", "effective_date"], name="fin_rate_once_per_day",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.base} = {self.rate} {self.quote} from {self.effective_date}"
