"""Render deploy/nginx.conf.template for this deployment.

    python deploy/nginx.py PREFIX [--listen 8000] [--http 127.0.0.1:8001] [--ws 127.0.0.1:8002]
    nginx -p PREFIX -c PREFIX/nginx.conf

The body limit and the static root come from the app's settings (one source of truth), so
run it with the production environment (SECRET_KEY, ...).
"""

from __future__ import annotations

import argparse
import os
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")


def render(prefix: Path, *, listen: str, http_upstream: str, ws_upstream: str, daemon: bool = True,
           access_log: str = "off") -> Path:
    """Write PREFIX/nginx.conf (and nginx's temp directories); returns the file."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    prefix.mkdir(parents=True, exist_ok=True)
    values = {
        "prefix": str(prefix), "daemon": "on" if daemon else "off", "listen": listen,
        "http_upstream": http_upstream, "ws_upstream": ws_upstream,
        "static_root": str(Path(settings.STATIC_ROOT).resolve()),
        # The app's largest body (multipart uploads); smaller JSON limits the app enforces itself.
        "max_body": str(max(settings.DATA_UPLOAD_MAX_MEMORY_SIZE, settings.MAX_UPLOAD_BODY_SIZE)),
        "mime_types": "/etc/nginx/mime.types", "access_log": access_log,
    }
    # safe_substitute: nginx's own $variables are not ours and stay as they are.
    text = string.Template(TEMPLATE.read_text()).safe_substitute(values)
    conf = prefix / "nginx.conf"
    conf.write_text(text)
    return conf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefix", type=Path)
    parser.add_argument("--listen", default=os.environ.get("HISAAB_PORT", "8000"))
    parser.add_argument("--http", default=os.environ.get("GUNICORN_BIND", "127.0.0.1:8001"))
    parser.add_argument("--ws", default=f"127.0.0.1:{os.environ.get('DAPHNE_PORT', '8002')}")
    args = parser.parse_args()
    print(render(args.prefix.resolve(), listen=args.listen, http_upstream=args.http, ws_upstream=args.ws))


if __name__ == "__main__":
    main()
