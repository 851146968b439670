"""The API's JSON parser: DRF's, with limits a hostile body cannot get past.

DRF reads the request stream itself, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not apply to
JSON bodies: this parser applies it (and answers 400 ``body_too_large``), and turns the
RecursionError of a body nested thousands deep into a 400 ``body_too_deep``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

from concerto.core import problems


class BodyTooLarge(ParseError):
    problem_code = "body_too_large"


class BodyTooDeep(ParseError):
    problem_code = "body_too_deep"


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        if stream is None:
            return None
        limit = problems.max_body_bytes()
        content = stream.read(limit + 1)
        if len(content) > limit:
            raise BodyTooLarge(problems.body_too_large_detail())
        encoding = parsers.get_encoding(parser_context or {})  # type: ignore[attr-defined]
        parse_constant = json.strict_constant if self.strict else None
        try:
            return json.loads(content.decode(encoding), parse_constant=parse_constant)
        except RecursionError as error:
            raise BodyTooDeep(_("The JSON body is nested too deeply to be read.")) from error
        except (ValueError, UnicodeDecodeError) as error:
            raise ParseError(_("The body is not valid JSON: %(error)s") % {"error": error}) from error
