"""Routes of the sync API (/api/sync/…), presence and notifications."""


urlpatterns: list = []
