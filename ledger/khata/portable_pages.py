"""The pages' side of a business to take away (ledger/khata/portable.py): the ZIP behind the
business page's button, and the page that makes a new business from an uploaded export."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.api.errors import DomainError
from ledger.khata import actions, portable
from ledger.khata.api.portable_serializers import read_document
from social.page_tools import attach_errors, page


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"), help_text=gettext_lazy("(a ZIP of JSON and CSV files)"),
                           widget=forms.FileInput(attrs={"accept": ".zip,.json,application/zip,application/json"}))


@page
def export_zip(request: HttpRequest, business_id: str) -> HttpResponse:
    business = portable.get_business_to_export(request.user, business_id)
    response = FileResponse(portable.zip_of(portable.document_of(business)), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{portable.filename(business, "zip")}"'
    return response


@page
def import_business(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = portable.read_upload(form.cleaned_data["file"])
            business, _counts = actions.restore_business(request.user, document=read_document(upload.document),
                                                         receipt_file=upload.receipt_file)
        except DomainError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Imported."))
            return redirect("khata-parties", business_id=business.pk)
    return render(request, "khata/import.html", {"form": form})
