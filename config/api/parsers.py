"""JSON parsing that never turns hostile input into a 500."""

from __future__ import annotations

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            # json raises RecursionError (not ValueError) on very deep nesting: [[[[…]]]]
            raise ParseError("JSON parse error - nested too deeply.")
