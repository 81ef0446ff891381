"""Receipts on an expense's page: upload, show (the file, after the access check), remove."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config import receipts, refusals
from config.api.errors import DomainError
from social import selectors
from social.actions import attach_receipt, remove_receipt
from social.forms import ReceiptForm
from social.page_tools import page


@page
@require_POST
def receipt_add(request: HttpRequest, expense_id: str) -> HttpResponse:
    expense = selectors.get_expense_for(request.user, expense_id, include_deleted=False)
    form = ReceiptForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a photo or a PDF to attach."))
    else:
        try:
            attach_receipt(request.user, expense=expense, upload=form.cleaned_data["file"])
            messages.success(request, _("Receipt attached."))
        except DomainError as exc:
            messages.error(request, refusals.say(exc, prefer_fields=True))
    return redirect("social-expense-edit", expense_id=expense.pk)


@page
@require_GET
def receipt_file(request: HttpRequest, receipt_id: str) -> FileResponse:
    return receipts.file_response(selectors.get_receipt_for(request.user, receipt_id), request)


@page
@require_POST
def receipt_remove(request: HttpRequest, receipt_id: str) -> HttpResponse:
    receipt = selectors.get_receipt_for(request.user, receipt_id)
    remove_receipt(request.user, receipt=receipt)
    messages.success(request, _("Receipt removed."))
    return redirect("social-expense-edit", expense_id=receipt.expense_id)
