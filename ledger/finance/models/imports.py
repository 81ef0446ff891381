"""Statement imports: a stored batch previewed first, then confirmed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from config.money import amount_field


class ImportFormat(models.TextChoices):
    OFX = "ofx"
    QIF = "qif"
    CSV = "csv"


class BatchStatus(models.TextChoices):
    PREVIEW = "preview"
    COMMITTED = "committed"
    DISCARDED = "discarded"


class RowStatus(models.TextChoices):
    NEW = "new"
    DUPLICATE = "duplicate"
    INVALID = "invalid"
    IMPORTED = "imported"


class ImportBatch(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey("finance.Account", on_delete=models.CASCADE, related_name="+")
    format = models.CharField(max_length=3, choices=ImportFormat.choices)
    filename = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=BatchStatus.choices, default=BatchStatus.PREVIEW)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    # What was unusual about the file as a whole (OFX that bends the spec, ambiguous dates).
    warnings = models.JSONField(default=list, blank=True)
    # What the reading detected or was told: date order, CSV preset, columns, delimiter.
    settings = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"{self.format} import {self.id}"


class ImportRow(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField()  # 1-based position in the file (line or record)
    date = models.DateField(null=True, blank=True)
    direction = models.CharField(max_length=8, blank=True)
    amount = amount_field(null=True, blank=True)
    payee = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    fitid = models.CharField(max_length=255, null=True, blank=True)
    status = models.CharField(max_length=10, choices=RowStatus.choices)
    reason = models.CharField(max_length=300, blank=True)
    transaction = models.ForeignKey("finance.Transaction", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["batch", "line"]
        constraints = [models.UniqueConstraint(fields=["batch", "line"], name="fin_import_row_line_once")]

    def __str__(self) -> str:
        return f"row {self.line} {self.status}"


class ImportSource(models.Model):
    """The uploaded file of a batch still in preview, so it can be read again with other
    settings (date order, preset) without uploading it again; dropped at confirm/discard.
    A table of its own so listing batches never loads files."""

    batch = models.OneToOneField(ImportBatch, on_delete=models.CASCADE, primary_key=True, related_name="source")
    content = models.BinaryField()
    options = models.JSONField(default=dict, blank=True)  # what the preview was asked for

    def __str__(self) -> str:
        return f"source of {self.batch_id}"
