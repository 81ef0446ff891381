from importlib.util import find_spec

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.health import healthz
from config.js_catalog import PageCatalog
from config.pwa import service_worker

api = [
    path("", include("social.api.urls")),
    path("sync/", include("realtime.api.urls")),
    path("", include("realtime.api.urls_extra")),
    path("khata/", include("ledger.khata.api.urls")),
    path("finance/", include("ledger.finance.api.urls")),
    path("invoicing/", include("invoicing.api.urls")),
    path("", include("invoicing.api.wallet_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("sw.js", service_worker, name="service-worker"),
    path("jsi18n/<str:language>/", PageCatalog.as_view(), name="js-catalog"),
    path("api/", include(api)),
    path("khata/print/", include("ledger.khata.print_urls")),
    path("", include("social.urls")),
]

# Server-rendered pages. Each area's pages are served once the area's actions exist (the
# areas land on main independently of their pages).
pages = [
    path(prefix, include(module))
    for prefix, area, module in [
        ("khata/", "ledger.khata.actions", "ledger.khata.urls"),
        ("finance/", "ledger.finance.actions", "ledger.finance.urls"),
        ("market/", "invoicing.actions", "invoicing.urls"),
    ]
    if find_spec(area) is not None
]
urlpatterns += pages
