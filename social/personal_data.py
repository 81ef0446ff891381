"""A person's data (India's DPDP Act, GDPR): everything the product holds about them to take
away, and what the other apps must do when they delete their account.

The export is the account plus every object the change feed's registry says the user can
see (`realtime.selectors.snapshot`: all four areas, and any model registered later), as
one JSON file and one CSV per entity in a ZIP. Nothing is listed twice by hand.

Deletion: social knows no other domain app, so each app registers here (in its
AppConfig.ready) what stops a deletion (`blockers`: an open invoice, a business still
owned …) and what it erases (`erase`: personal finance records …); `delete_account`
(social.actions.erasure) asks every app and calls every eraser in one transaction.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from config.csv_export import SafeWriter
from realtime.selectors import snapshot
from social.models import User


@dataclass(frozen=True)
class Section:
    name: str
    blockers: Callable[[User], list[str]] | None = None  # reasons the account cannot go yet
    erase: Callable[[User], None] | None = None  # runs inside the deletion's transaction


_sections: dict[str, Section] = {}


def register(name: str, *, blockers: Callable[[User], list[str]] | None = None,
             erase: Callable[[User], None] | None = None) -> None:
    _sections[name] = Section(name, blockers, erase)


def sections() -> list[Section]:
    return [_sections[name] for name in sorted(_sections)]


def account_data(user: User) -> dict[str, Any]:
    from social.api.account_serializers import UserOut

    return dict(UserOut(user).data)


def export(user: User) -> dict[str, Any]:
    """{"exported_at", "account", "entities": {entity: [objects]}}."""
    data = snapshot(user)  # event entities too: balances, cards and rates as they stand
    return {"exported_at": timezone.now(), "account": account_data(user), "entities": data["entities"]}


def _rows(objects: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    columns: list[str] = []
    for obj in objects:
        columns += [k for k in obj if k not in columns]
    cells = [[json.dumps(v, cls=DjangoJSONEncoder) if isinstance(v, dict | list) else v
              for v in (obj.get(c) for c in columns)] for obj in objects]
    return columns, cells


def export_zip(user: User) -> bytes:
    """`data.json` (everything) and one CSV per entity (nested values as JSON text)."""
    data = export(user)
    return tables_zip("hisaab", data, {"account": [data["account"]], **data["entities"]})


def entities_of(user: User, prefix: str) -> dict[str, list[dict[str, Any]]]:
    """The user's objects of the registered entities whose names start with `prefix`, as the
    snapshot gives them (an app's own export: `finance_` …)."""
    from realtime.registry import entities

    return {spec.name: [spec.serialize_for(obj, user.pk) for obj in spec.visible(user).order_by("pk")]
            for spec in sorted(entities(), key=lambda e: e.name) if spec.name.startswith(prefix)}


def tables_zip(root: str, data: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """A ZIP of `root/data.json` (`data`) and `root/<table>.csv` for each table."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{root}/data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=1, ensure_ascii=False))
        for name, objects in sorted(tables.items()):
            text = io.StringIO()
            writer = SafeWriter(text)
            columns, cells = _rows(objects)
            writer.writerow(columns)
            writer.writerows(cells)
            archive.writestr(f"{root}/{name}.csv", text.getvalue())
    return buffer.getvalue()
