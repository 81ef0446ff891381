from rest_framework import pagination

from config.api.query import accepted_names, refuse_unknown


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """`?limit=&offset=` with `next`/`previous` links; lists must be ordered deterministically
    (ending with a unique key) by their selector. A query parameter the list did not declare
    (`config.api.query.list_schema`) is refused with 400 `unknown_parameter`."""

    default_limit = 50
    max_limit = 500

    def paginate_queryset(self, queryset, request, view=None):
        refuse_unknown(request, accepted_names(view, request))
        return super().paginate_queryset(queryset, request, view)
