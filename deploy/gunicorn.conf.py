"""gunicorn for HTTP in production: `gunicorn -c deploy/gunicorn.conf.py config.wsgi:application`.

Behind nginx (deploy/nginx.conf.template), on loopback. Worker class and counts were chosen by
measurement (bench/bench_load.py, README "How it runs"): threaded workers (`gthread`), two
processes of four threads on a 2-core machine. Every value can be overridden from the
environment (GUNICORN_BIND, GUNICORN_WORKERS, GUNICORN_THREADS) or on the command line.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# nginx logs requests; gunicorn's access log would be a second write per request.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
timeout = 30
graceful_timeout = 5
keepalive = 75  # longer than nginx's upstream keepalive, so nginx closes idle connections first
# X-Forwarded-Proto is believed only from these peers (nginx on the same host).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
