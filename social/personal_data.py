"""A person's data (India's DPDP Act, GDPR): everything the product holds about them to take
away, and what the other apps must do when they delete their account.

The export is the account plus every object the change feed's registry says the user can
see (`realtime.selectors.snapshot`: all four areas, and any model registered later), as
one JSON file and one CSV per entity in a ZIP, with the files of every receipt they can see
(`receipts/<entity>/<id>-<name>`, named in data.json's `receipt_files`). Nothing is listed
twice by hand.

Deletion: social knows no other domain app, so each app registers here (in its
AppConfig.ready) what stops a deletion (`blockers`: an open invoice, a business still
owned …) and what it erases (`erase`: personal finance records …); `delete_account`
(social.actions.erasure) asks every app and calls every eraser in one transaction.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.storage import default_storage
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


def receipt_files(user: User) -> list[tuple[str, str]]:
    """(path in the ZIP, storage name) of each live receipt the user can see, in every area:
    the registered entities whose model is a receipt."""
    from django.utils.text import get_valid_filename

    from config.receipts import ReceiptBase
    from realtime.registry import entities

    files = []
    for spec in sorted(entities(), key=lambda e: e.name):
        if issubclass(spec.model, ReceiptBase):
            for pk, stored, name in (spec.visible(user).filter(deleted_at=None).order_by("pk")
                                     .values_list("pk", "file", "name")):
                files.append((f"receipts/{spec.name}/{pk}-{get_valid_filename(name) or 'file'}", stored))
    return files


def export_zip(user: User) -> IO[bytes]:
    """`data.json` (everything), one CSV per entity (nested values as JSON text) and the receipt
    files, as a temporary file (receipts make it large: it is not built in memory)."""
    data = export(user)
    files = receipt_files(user)
    data["receipt_files"] = [path for path, _stored in files]
    return zip_file("hisaab", data, {"account": [data["account"]], **data["entities"]}, files)


def entities_of(user: User, prefix: str) -> dict[str, list[dict[str, Any]]]:
    """The user's objects of the registered entities whose names start with `prefix`, as the
    snapshot gives them (an app's own export: `finance_` …)."""
    from realtime.registry import entities

    return {spec.name: [spec.serialize_for(obj, user.pk) for obj in spec.visible(user).order_by("pk")]
            for spec in sorted(entities(), key=lambda e: e.name) if spec.name.startswith(prefix)}


def tables_zip(root: str, data: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """A ZIP of `root/data.json` (`data`) and `root/<table>.csv` for each table."""
    return zip_file(root, data, tables).read()


def zip_file(root: str, data: dict[str, Any], tables: dict[str, list[dict[str, Any]]],
             files: list[tuple[str, str]] = ()) -> IO[bytes]:
    """tables_zip's ZIP plus `root/<path>` for each (path, storage name) in `files`, copied
    from the storage in chunks; a file missing from the storage is left out. Returned as a
    temporary file at its start (in memory up to 8 MiB, on disk beyond)."""
    buffer = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115 - the caller's response closes it
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{root}/data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=1, ensure_ascii=False))
        for name, objects in sorted(tables.items()):
            text = io.StringIO()
            writer = SafeWriter(text)
            columns, cells = _rows(objects)
            writer.writerow(columns)
            writer.writerows(cells)
            archive.writestr(f"{root}/{name}.csv", text.getvalue())
        for path, stored in files:
            try:
                source = default_storage.open(stored, "rb")
            except FileNotFoundError:
                continue
            with source, archive.open(f"{root}/{path}", "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)
    buffer.seek(0)
    return buffer
