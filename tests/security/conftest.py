from tests.resilience.conftest import daphne_server, shared_redis_url  # noqa: F401
