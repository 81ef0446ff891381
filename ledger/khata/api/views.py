"""Khata over HTTP: each view parses, fetches with access (selectors: outsiders get 404),
calls one action (which checks the role: 403 `insufficient_role`) and serializes."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from config import receipts
from config.api.errors import Invalid
from config.api.query import list_schema
from config.api.serializers import represent
from ledger.khata import actions, selectors
from ledger.khata.api import gst_views
from ledger.khata.api import serializers as s
from ledger.khata.api.base import KhataView, paginated, parse
from ledger.khata.models import Role
from realtime.preconditions import expected_version

# --- businesses and members -----------------------------------------------------------------


class BusinessListView(KhataView):
    @list_schema(operation_id="khata_businesses_list", responses=paginated(s.BusinessOut))
    def get(self, request: Request) -> Response:
        return self.page(request, selectors.businesses_for(request.user), s.BusinessOut)

    @extend_schema(request=s.BusinessIn, responses={201: s.BusinessOut})
    def post(self, request: Request) -> Response:
        business = actions.create_business(request.user, **parse(s.BusinessIn, request.data))
        return Response(represent(s.BusinessOut, business), status=status.HTTP_201_CREATED)


class BusinessDetailView(KhataView):
    @extend_schema(responses=s.BusinessOut)
    def get(self, request: Request, business_id: str) -> Response:
        return Response(represent(s.BusinessOut, selectors.get_business_for(request.user, business_id)))

    @extend_schema(request=s.BusinessUpdateIn, responses=s.BusinessOut)
    def patch(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        business = actions.update_settings(
            request.user, business=business, expected_version=expected_version(request),
            **parse(s.BusinessUpdateIn, request.data),
        )
        return Response(represent(s.BusinessOut, business))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, business_id: str) -> Response:
        actions.delete_business(request.user, business=selectors.get_business_for(request.user, business_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberListView(KhataView):
    @list_schema(responses=paginated(s.MembershipOut))
    def get(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        return self.page(request, selectors.memberships_of(business), s.MembershipOut)


class MemberDetailView(KhataView):
    @extend_schema(responses=s.MembershipOut)
    def get(self, request: Request, member_id: str) -> Response:
        return Response(represent(s.MembershipOut, selectors.get_membership_for(request.user, member_id)))

    @extend_schema(request=s.MemberRoleIn, responses=s.MembershipOut)
    def patch(self, request: Request, member_id: str) -> Response:
        membership = selectors.get_membership_for(request.user, member_id)
        membership = actions.change_role(request.user, membership=membership, **parse(s.MemberRoleIn, request.data))
        return Response(represent(s.MembershipOut, membership))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, member_id: str) -> Response:
        actions.remove_member(request.user, membership=selectors.get_membership_for(request.user, member_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class StaffInviteView(KhataView):
    @extend_schema(request=s.StaffInviteIn, responses={201: s.StaffInviteOut})
    def post(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        invite = actions.invite_staff(request.user, business=business, **parse(s.StaffInviteIn, request.data))
        return Response(represent(s.StaffInviteOut, invite), status=status.HTTP_201_CREATED)


# --- parties --------------------------------------------------------------------------------


class PartyListView(KhataView):
    @list_schema(s.PartyFilterIn, responses=paginated(s.PartyOut))
    def get(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        filters = parse(s.PartyFilterIn, request.query_params)
        return self.page(request, selectors.parties_of(business, **filters), s.PartyOut)

    @extend_schema(request=s.PartyIn, responses={201: s.PartyOut})
    def post(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        party = actions.create_party(request.user, business=business, **parse(s.PartyIn, request.data))
        return Response(represent(s.PartyOut, party), status=status.HTTP_201_CREATED)


class PartyImportView(KhataView):
    @extend_schema(request=s.CsvImportIn, responses={200: s.ImportReportOut})
    def post(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        data = parse(s.CsvImportIn, request.data)
        report = actions.import_parties(request.user, business=business, text=data["csv"], kind=data.get("kind"))
        return Response(report)


class PartyDetailView(KhataView):
    @extend_schema(responses=s.PartyOut)
    def get(self, request: Request, party_id: str) -> Response:
        return Response(represent(s.PartyOut, selectors.get_party_for(request.user, party_id)))

    @extend_schema(request=s.PartyUpdateIn, responses=s.PartyOut)
    def patch(self, request: Request, party_id: str) -> Response:
        party = selectors.get_party_for(request.user, party_id)
        party = actions.update_party(
            request.user, party=party, expected_version=expected_version(request),
            **parse(s.PartyUpdateIn, request.data),
        )
        return Response(represent(s.PartyOut, party))

    @extend_schema(responses=s.PartyOut)
    def delete(self, request: Request, party_id: str) -> Response:
        party = selectors.get_party_for(request.user, party_id)
        party = actions.delete_party(request.user, party=party, expected_version=expected_version(request))
        return Response(represent(s.PartyOut, party))


class PartyRestoreView(KhataView):
    @extend_schema(request=None, responses=s.PartyOut)
    def post(self, request: Request, party_id: str) -> Response:
        party = selectors.get_party_for(request.user, party_id, include_deleted=True)
        return Response(represent(s.PartyOut, actions.restore_party(request.user, party=party)))


class PartyStatementView(KhataView):
    @extend_schema(parameters=[s.DateRangeIn], responses=s.StatementOut)
    def get(self, request: Request, party_id: str) -> Response:
        party = selectors.get_party_for(request.user, party_id, include_deleted=True)
        span = parse(s.DateRangeIn, request.query_params)
        return Response(selectors.statement(party, start=span.get("start"), end=span.get("end")))


# --- entries --------------------------------------------------------------------------------


class EntryListView(KhataView):
    @list_schema(s.EntryFilterIn, responses=paginated(s.EntryOut))
    def get(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        f = parse(s.EntryFilterIn, request.query_params)
        return self.page(request, selectors.entries_of(business, party_id=f.get("party"), deleted=f["deleted"]),
                         s.EntryOut)

    @extend_schema(request=s.EntryIn, responses={201: s.EntryOut})
    def post(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        data = parse(s.EntryIn, request.data)
        entry = actions.record_entry(request.user, business=business, party_id=data.pop("party"), **data)
        return Response(represent(s.EntryOut, entry), status=status.HTTP_201_CREATED)


class EntryDetailView(KhataView):
    @extend_schema(responses=s.EntryOut)
    def get(self, request: Request, entry_id: str) -> Response:
        return Response(represent(s.EntryOut, selectors.get_entry_for(request.user, entry_id, include_deleted=True)))

    @extend_schema(request=s.EntryUpdateIn, responses=s.EntryOut)
    def patch(self, request: Request, entry_id: str) -> Response:
        entry = selectors.get_entry_for(request.user, entry_id, include_deleted=True)
        entry = actions.edit_entry(
            request.user, entry=entry, expected_version=expected_version(request),
            **parse(s.EntryUpdateIn, request.data),
        )
        return Response(represent(s.EntryOut, entry))

    @extend_schema(responses=s.EntryOut)
    def delete(self, request: Request, entry_id: str) -> Response:
        entry = selectors.get_entry_for(request.user, entry_id, include_deleted=True)
        entry = actions.delete_entry(request.user, entry=entry, expected_version=expected_version(request))
        return Response(represent(s.EntryOut, entry))


class EntryRestoreView(KhataView):
    @extend_schema(request=None, responses=s.EntryOut)
    def post(self, request: Request, entry_id: str) -> Response:
        entry = selectors.get_entry_for(request.user, entry_id, include_deleted=True)
        return Response(represent(s.EntryOut, actions.restore_entry(request.user, entry=entry)))


class EntryRevisionsView(KhataView):
    @extend_schema(responses=s.EntryRevisionOut(many=True))
    def get(self, request: Request, entry_id: str) -> Response:
        entry = selectors.get_entry_for(request.user, entry_id, include_deleted=True)
        return Response(s.EntryRevisionOut(entry.revisions.order_by("version"), many=True).data)


# --- bills and payments ---------------------------------------------------------------------


class BillListView(KhataView):
    @list_schema(s.BillFilterIn, responses=paginated(s.BillOut))
    def get(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        f = parse(s.BillFilterIn, request.query_params)
        return self.page(request, selectors.bills_of(business, party_id=f.get("party"), status=f.get("status", ""),
                                                     kind=f.get("kind", "")), s.BillOut)

    @extend_schema(request=s.BillIn, responses={201: s.BillOut})
    def post(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        data = parse(s.BillIn, request.data)
        bill = actions.create_bill(request.user, business=business, party_id=data.pop("party"), **data)
        return Response(represent(s.BillOut, bill), status=status.HTTP_201_CREATED)


class PurchaseBillListView(KhataView):
    @list_schema(responses=paginated(s.BillOut))
    def get(self, request: Request, business_id: str) -> Response:
        """The suppliers' bills (the same objects as `bills?kind=purchase`)."""
        business = selectors.get_business_for(request.user, business_id)
        return self.page(request, selectors.bills_of(business, kind="purchase"), s.BillOut)

    @extend_schema(request=s.PurchaseBillIn, responses={201: s.BillOut})
    def post(self, request: Request, business_id: str) -> Response:
        """Record a supplier's bill: the business owes the supplier its total."""
        business = selectors.get_business_for(request.user, business_id)
        data = parse(s.PurchaseBillIn, request.data)
        bill = actions.record_purchase_bill(request.user, business=business, party_id=data.pop("party"), **data)
        return Response(represent(s.BillOut, bill), status=status.HTTP_201_CREATED)


class InputTaxView(KhataView):
    @extend_schema(parameters=[OpenApiParameter("month", str, required=True, description="YYYY-MM")],
                   responses=s.InputTaxOut)
    def get(self, request: Request, business_id: str) -> Response:
        """The month's input tax credit from purchase bills (managers and owners)."""
        business, month = gst_views.period(request, business_id)
        return Response(s.InputTaxOut(selectors.input_tax(business, month)).data)


class CreditNoteListView(KhataView):
    @list_schema(s.CreditNoteFilterIn, responses=paginated(s.CreditNoteOut))
    def get(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        f = parse(s.CreditNoteFilterIn, request.query_params)
        return self.page(request, selectors.credit_notes_of(business, party_id=f.get("party")), s.CreditNoteOut)


class BillCreditNotesView(KhataView):
    @list_schema(responses=paginated(s.CreditNoteOut))
    def get(self, request: Request, bill_id: str) -> Response:
        bill = selectors.get_bill_for(request.user, bill_id)
        return self.page(request, selectors.credit_notes_of(bill.business, bill=bill), s.CreditNoteOut)

    @extend_schema(request=s.CreditNoteIn, responses={201: s.CreditNoteOut})
    def post(self, request: Request, bill_id: str) -> Response:
        """Issue a credit note against the bill (409 `credit_note_exceeds_bill` past what is left)."""
        bill = selectors.get_bill_for(request.user, bill_id)
        note = actions.issue_credit_note(request.user, bill=bill, **parse(s.CreditNoteIn, request.data))
        return Response(represent(s.CreditNoteOut, note), status=status.HTTP_201_CREATED)


class CreditNoteDetailView(KhataView):
    @extend_schema(responses=s.CreditNoteOut)
    def get(self, request: Request, note_id: str) -> Response:
        return Response(represent(s.CreditNoteOut, selectors.get_credit_note_for(request.user, note_id)))


class CreditNoteCancelView(KhataView):
    @extend_schema(request=None, responses=s.CreditNoteOut)
    def post(self, request: Request, note_id: str) -> Response:
        note = selectors.get_credit_note_for(request.user, note_id)
        note = actions.cancel_credit_note(request.user, note=note, expected_version=expected_version(request))
        return Response(represent(s.CreditNoteOut, note))


class BillDetailView(KhataView):
    @extend_schema(responses=s.BillOut)
    def get(self, request: Request, bill_id: str) -> Response:
        return Response(represent(s.BillOut, selectors.get_bill_for(request.user, bill_id)))

    @extend_schema(request=s.BillUpdateIn, responses=s.BillOut)
    def patch(self, request: Request, bill_id: str) -> Response:
        bill = selectors.get_bill_for(request.user, bill_id)
        bill = actions.update_bill(
            request.user, bill=bill, expected_version=expected_version(request), **parse(s.BillUpdateIn, request.data)
        )
        return Response(represent(s.BillOut, bill))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, bill_id: str) -> Response:
        bill = selectors.get_bill_for(request.user, bill_id)
        actions.delete_bill(request.user, bill=bill, expected_version=expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class BillIssueView(KhataView):
    @extend_schema(request=s.BillIssueIn, responses=s.BillOut)
    def post(self, request: Request, bill_id: str) -> Response:
        bill = actions.issue_bill(request.user, bill=selectors.get_bill_for(request.user, bill_id),
                                  **parse(s.BillIssueIn, request.data))
        return Response(represent(s.BillOut, bill))


class BillCancelView(KhataView):
    @extend_schema(request=None, responses=s.BillOut)
    def post(self, request: Request, bill_id: str) -> Response:
        bill = selectors.get_bill_for(request.user, bill_id)
        bill = actions.cancel_bill(request.user, bill=bill, expected_version=expected_version(request))
        return Response(represent(s.BillOut, bill))


class BillPaymentsView(KhataView):
    @list_schema(responses=paginated(s.PaymentOut))
    def get(self, request: Request, bill_id: str) -> Response:
        return self.page(request, selectors.payments_of(selectors.get_bill_for(request.user, bill_id)), s.PaymentOut)

    @extend_schema(request=s.PaymentIn, responses={201: s.PaymentOut})
    def post(self, request: Request, bill_id: str) -> Response:
        bill = selectors.get_bill_for(request.user, bill_id)
        payment = actions.record_payment(request.user, bill=bill, **parse(s.PaymentIn, request.data))
        return Response(represent(s.PaymentOut, payment), status=status.HTTP_201_CREATED)


class PaymentDetailView(KhataView):
    @extend_schema(responses=s.PaymentOut)
    def get(self, request: Request, payment_id: str) -> Response:
        return Response(represent(s.PaymentOut, selectors.get_payment_for(request.user, payment_id)))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, payment_id: str) -> Response:
        actions.delete_payment(request.user, payment=selectors.get_payment_for(request.user, payment_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- cashbook -------------------------------------------------------------------------------


class CashListView(KhataView):
    @list_schema(s.DateRangeIn, responses=paginated(s.CashEntryRowOut))
    def get(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        selectors.require_role(request.user, business.id, Role.MANAGER)
        span = parse(s.DateRangeIn, request.query_params)
        opening, rows = selectors.cashbook_with_running_balance(business, start=span.get("start"), end=span.get("end"))
        return self.page(request, rows, s.CashEntryRowOut, {"opening": opening})

    @extend_schema(request=s.CashIn, responses={201: s.CashEntryOut})
    def post(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        entry = actions.record_cash(request.user, business=business, **parse(s.CashIn, request.data))
        return Response(represent(s.CashEntryOut, entry), status=status.HTTP_201_CREATED)


class CashDetailView(KhataView):
    def _get(self, request: Request, cash_id: str):
        entry = selectors.get_cash_entry_for(request.user, cash_id)
        selectors.require_role(request.user, entry.business_id, Role.MANAGER)
        return entry

    @extend_schema(responses=s.CashEntryOut)
    def get(self, request: Request, cash_id: str) -> Response:
        return Response(represent(s.CashEntryOut, self._get(request, cash_id)))

    @extend_schema(request=s.CashUpdateIn, responses=s.CashEntryOut)
    def patch(self, request: Request, cash_id: str) -> Response:
        entry = actions.edit_cash(
            request.user, entry=self._get(request, cash_id), expected_version=expected_version(request),
            **parse(s.CashUpdateIn, request.data),
        )
        return Response(represent(s.CashEntryOut, entry))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, cash_id: str) -> Response:
        actions.delete_cash(request.user, entry=self._get(request, cash_id), expected_version=expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CashDayView(KhataView):
    @extend_schema(parameters=[s.DayIn], responses=s.CashReportOut)
    def get(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        selectors.require_role(request.user, business.id, Role.MANAGER)
        day = parse(s.DayIn, request.query_params).get("date") or business.today()
        return Response(selectors.cash_report(business, start=day, end=day))


class CashReportView(KhataView):
    @extend_schema(parameters=[s.RequiredRangeIn], responses=s.CashReportOut)
    def get(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        selectors.require_role(request.user, business.id, Role.MANAGER)
        span = parse(s.RequiredRangeIn, request.query_params)
        if (span["end"] - span["start"]).days > 366:
            raise Invalid("At most a year per report.", fields={"end": ["At most 366 days after start."]})
        return Response(selectors.cash_report(business, start=span["start"], end=span["end"]))


# --- staff and attendance -------------------------------------------------------------------


def _staff_shape(request: Request, business_id) -> type:
    """Managers and owners read a staff member's pay; a clerk reads the staff member without it."""
    role = selectors.role_of(request.user, business_id)
    return s.StaffOut if selectors.may_read(role, selectors.PAY_ROLE) else s.StaffPublicOut


class StaffListView(KhataView):
    @list_schema(responses=paginated(s.StaffOut),
                 description="A clerk gets each staff member without salary_type and salary_amount.")
    def get(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        return self.page(request, selectors.staff_of(business), _staff_shape(request, business.id))

    @extend_schema(request=s.StaffIn, responses={201: s.StaffOut})
    def post(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        staff = actions.create_staff(request.user, business=business, **parse(s.StaffIn, request.data))
        return Response(represent(s.StaffOut, staff), status=status.HTTP_201_CREATED)


class StaffDetailView(KhataView):
    @extend_schema(responses=s.StaffOut, description="A clerk gets the staff member without the pay fields.")
    def get(self, request: Request, staff_id: str) -> Response:
        staff = selectors.get_staff_for(request.user, staff_id)
        return Response(represent(_staff_shape(request, staff.business_id), staff))

    @extend_schema(request=s.StaffUpdateIn, responses=s.StaffOut)
    def patch(self, request: Request, staff_id: str) -> Response:
        staff = actions.update_staff(
            request.user, staff=selectors.get_staff_for(request.user, staff_id),
            expected_version=expected_version(request), **parse(s.StaffUpdateIn, request.data),
        )
        return Response(represent(s.StaffOut, staff))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, staff_id: str) -> Response:
        actions.remove_staff(request.user, staff=selectors.get_staff_for(request.user, staff_id),
                             expected_version=expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PunchListView(KhataView):
    @list_schema(s.DateRangeIn, responses=paginated(s.PunchOut))
    def get(self, request: Request, staff_id: str) -> Response:
        staff = selectors.get_staff_for(request.user, staff_id)
        span = parse(s.DateRangeIn, request.query_params)
        today = staff.business.today()
        start = span.get("start") or today.replace(day=1)
        return self.page(request, selectors.punches_of(staff, start=start, end=span.get("end") or today), s.PunchOut)

    @extend_schema(request=s.PunchIn, responses={201: s.PunchOut, 200: s.PunchOut})
    def post(self, request: Request, staff_id: str) -> Response:
        staff = selectors.get_staff_for(request.user, staff_id)
        punch, created = actions.punch(request.user, staff=staff, **parse(s.PunchIn, request.data))
        return Response(represent(s.PunchOut, punch), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class AttendanceListView(KhataView):
    @list_schema(s.DateRangeIn, responses=paginated(s.AttendanceDayOut),
                 description="Days marked for the staff member (present, absent, leave ...), default this month.")
    def get(self, request: Request, staff_id: str) -> Response:
        staff = selectors.get_staff_for(request.user, staff_id)
        span = parse(s.DateRangeIn, request.query_params)
        today = staff.business.today()
        start = span.get("start") or today.replace(day=1)
        return self.page(request, selectors.days_of(staff, start=start, end=span.get("end") or today),
                         s.AttendanceDayOut)


class DayStatusView(KhataView):
    @extend_schema(request=s.DayStatusIn, responses={200: s.AttendanceDayOut, 204: None})
    def put(self, request: Request, staff_id: str, day: str) -> Response:
        staff = selectors.get_staff_for(request.user, staff_id)
        try:
            date = dt.date.fromisoformat(day)
        except ValueError:
            raise Invalid("Not a date.", fields={"date": ["Use YYYY-MM-DD."]})
        marked = actions.set_day_status(request.user, staff=staff, date=date, **parse(s.DayStatusIn, request.data))
        if marked is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(represent(s.AttendanceDayOut, marked))


class MonthSheetView(KhataView):
    @extend_schema(parameters=[s.MonthIn], responses=s.MonthSheetOut)
    def get(self, request: Request, staff_id: str) -> Response:
        staff = selectors.get_staff_for(request.user, staff_id)
        selectors.require_role(request.user, staff.business_id, Role.MANAGER)
        month = parse(s.MonthIn, request.query_params).get("month")
        year, mon = map(int, month.split("-")) if month else (staff.business.today().year, staff.business.today().month)
        return Response(selectors.month_sheet(staff, year=year, month=mon))


class ReminderListView(KhataView):
    @list_schema(responses=paginated(s.ReminderOut))
    def get(self, request: Request, business_id: str) -> Response:
        business = selectors.get_business_for(request.user, business_id)
        selectors.require_role(request.user, business.id, Role.MANAGER)
        return self.page(request, selectors.reminders_of(business), s.ReminderOut)


# --- receipts on entries and bills ----------------------------------------------------------
def _attached(request: Request, attach, **record) -> Response:
    body = receipts.ReceiptIn(data=receipts.upload_fields(request))
    body.is_valid(raise_exception=True)
    receipt = attach(request.user, upload=body.validated_data["file"], id=body.validated_data.get("id"), **record)
    return Response(represent(s.EntryReceiptOut, receipt), status=status.HTTP_201_CREATED)


class EntryReceiptsView(KhataView):
    parser_classes = [MultiPartParser]

    @list_schema(operation_id="khata_entry_receipts_list", responses=paginated(s.EntryReceiptOut))
    def get(self, request: Request, entry_id: str) -> Response:
        entry = selectors.get_entry_for(request.user, entry_id, include_deleted=True)
        return self.page(request, selectors.receipts_of_entry(entry), s.EntryReceiptOut)

    @extend_schema(request={"multipart/form-data": receipts.ReceiptIn}, responses={201: s.EntryReceiptOut})
    def post(self, request: Request, entry_id: str) -> Response:
        """Attach a photo or PDF (multipart field `file`): the bill, the chit, the UPI screenshot."""
        entry = selectors.get_entry_for(request.user, entry_id, include_deleted=True)
        return _attached(request, actions.attach_entry_receipt, entry=entry)


class BillReceiptsView(KhataView):
    parser_classes = [MultiPartParser]

    @list_schema(operation_id="khata_bill_receipts_list", responses=paginated(s.EntryReceiptOut))
    def get(self, request: Request, bill_id: str) -> Response:
        bill = selectors.get_bill_for(request.user, bill_id)
        return self.page(request, selectors.receipts_of_bill(bill), s.EntryReceiptOut)

    @extend_schema(request={"multipart/form-data": receipts.ReceiptIn}, responses={201: s.EntryReceiptOut})
    def post(self, request: Request, bill_id: str) -> Response:
        """Attach a photo or PDF (multipart field `file`): the paper bill, the signed delivery chit.
        Read, removed and downloaded at /api/khata/receipts/{id} like an entry's."""
        bill = selectors.get_bill_for(request.user, bill_id)
        return _attached(request, actions.attach_bill_receipt, bill=bill)


class EntryReceiptView(KhataView):
    @extend_schema(responses=s.EntryReceiptOut)
    def get(self, request: Request, receipt_id: str) -> Response:
        return Response(represent(s.EntryReceiptOut, selectors.get_entry_receipt_for(request.user, receipt_id)))

    @extend_schema(request=None, responses=s.EntryReceiptOut)
    def delete(self, request: Request, receipt_id: str) -> Response:
        receipt = selectors.get_entry_receipt_for(request.user, receipt_id)
        return Response(represent(s.EntryReceiptOut, actions.remove_entry_receipt(request.user, receipt=receipt)))


class EntryReceiptFileView(KhataView):
    @extend_schema(parameters=[receipts.SIZE_PARAMETER], responses={(200, "application/octet-stream"): OpenApiResponse(
        OpenApiTypes.BINARY, description="The file, with its own Content-Type.")})
    def get(self, request: Request, receipt_id: str) -> FileResponse:
        return receipts.file_response(selectors.get_entry_receipt_for(request.user, receipt_id), request)
