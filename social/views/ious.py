"""IOU repayments on the page: the borrower records a payment; the lender confirms or disputes
it (the lender settles on the settle page). The same actions as the API."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from social import selectors
from social.actions import confirm_iou_payment, dispute_iou_payment, record_iou_payment
from social.forms import DisputeIOUPaymentForm, IOUPaymentForm
from social.page_tools import page, run_action


@page
def iou_pay(request: HttpRequest, iou_id: str) -> HttpResponse:
    iou = selectors.get_iou_for(request.user, iou_id)
    form = IOUPaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and run_action(
        form, record_iou_payment, request.user, iou=iou, amount=form.cleaned_data["amount"],
        note=form.cleaned_data["note"],
    ) is not None:
        messages.success(request, _("Payment recorded: it counts once the lender confirms it."))
        return redirect("social-ious")
    return render(request, "social/iou_pay.html", {"form": form, "iou": iou})


@page
def iou_payment_decide(request: HttpRequest, payment_id: str, verb: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    payment = selectors.get_iou_payment_for(request.user, payment_id)
    form = DisputeIOUPaymentForm(request.POST)
    form.is_valid()
    if verb == "confirm":
        done = run_action(form, confirm_iou_payment, request.user, payment=payment)
    else:
        done = run_action(form, dispute_iou_payment, request.user, payment=payment,
                          reason=form.cleaned_data.get("reason", ""))
    if done is None:
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, _("Payment confirmed.") if verb == "confirm" else _("Payment disputed."))
    return redirect("social-ious")
