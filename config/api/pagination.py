from rest_framework import pagination


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """`?limit=&offset=` with `next`/`previous` links; lists must be ordered deterministically
    (ending with a unique key) by their selector."""

    default_limit = 50
    max_limit = 500
