"""Rules over the API: CRUD, a preview of what a rule would change, and applying it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.query import list_schema
from config.api.serializers import represent
from ledger.finance import actions, selectors
from ledger.finance.actions.rules import preview_rule
from ledger.finance.api import serializers as s
from ledger.finance.api.base import FinanceView, parse
from ledger.finance.api.views import paginated
from realtime.preconditions import expected_version


class RulesView(FinanceView):
    @list_schema(operation_id="finance_rules_list", responses=paginated(s.RuleOut))
    def get(self, request: Request) -> Response:
        """Your rules, in the order they run."""
        return self.paginate(request, selectors.rules_of(request.user), s.RuleOut)

    @extend_schema(request=s.RuleIn, responses={201: s.RuleOut})
    def post(self, request: Request) -> Response:
        rule = actions.create_rule(request.user, **parse(s.RuleIn, request.data))
        return Response(represent(s.RuleOut, rule), status=status.HTTP_201_CREATED)


class RuleView(FinanceView):
    @extend_schema(responses=s.RuleOut)
    def get(self, request: Request, pk) -> Response:
        return Response(represent(s.RuleOut, selectors.get_rule_for(request.user, pk)))

    @extend_schema(request=s.RulePatch, responses=s.RuleOut)
    def patch(self, request: Request, pk) -> Response:
        rule = selectors.get_rule_for(request.user, pk)
        rule = actions.update_rule(request.user, rule=rule, expected_version=expected_version(request),
                                   **parse(s.RulePatch, request.data))
        return Response(represent(s.RuleOut, rule))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, pk) -> Response:
        rule = selectors.get_rule_for(request.user, pk)
        actions.delete_rule(request.user, rule=rule, expected_version=expected_version(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class RulePreviewView(FinanceView):
    @list_schema(operation_id="finance_rule_preview", responses=paginated(s.RuleChangeOut))
    def get(self, request: Request, pk) -> Response:
        """The transactions applying this rule would change, each field as [before, after]
        (nothing is changed)."""
        rule = selectors.get_rule_for(request.user, pk)
        found = [{"transaction": t, "changes": c} for t, c in preview_rule(rule, selectors.rule_candidates(rule))]
        return self.paginate(request, found, s.RuleChangeOut)


class RuleApplyView(FinanceView):
    @extend_schema(request=None, responses=s.RuleAppliedOut)
    def post(self, request: Request, pk) -> Response:
        """Apply the rule to your existing transactions (what the preview shows)."""
        rule = selectors.get_rule_for(request.user, pk)
        changed = actions.apply_rule(request.user, rule=rule, transactions=selectors.rule_candidates(rule))
        return Response({"changed": len(changed), "transactions": [str(t.pk) for t in changed]})
