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

# Everything loaded so far lives as long as the process: keep it out of the collector's way
# (gc.freeze), so that collections walk only what requests and sockets made since. The
# youngest generation keeps Python's default size (700): every collection of it stops the
# whole process (event loop and request threads), and a pause grows with the generation's
# size. With 50,000 the benchmark saw 30-100 ms pauses, which were the write-to-socket p99.
gc.collect()
gc.freeze()
gc.set_threshold(int(os.environ.get("GC_THRESHOLD", "700")), 20, 100)
