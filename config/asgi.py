"""HTTP goes to Django; WebSocket goes to realtime's router behind an origin check."""

import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from config.http import get_http_application  # noqa: E402

django_http_app = get_http_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402

from realtime.routing import websocket_application  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_http_app,
        "websocket": websocket_application,
    }
)

# Everything loaded so far lives as long as the process: keep it out of the collector's way,
# and collect young objects less often (a request makes thousands). A full collection walks
# every live object (thousands of sockets and their state) while the event loop waits.
gc.collect()
gc.freeze()
gc.set_threshold(int(os.environ.get("GC_THRESHOLD", "50000")), 20, 100)
