"""gunicorn settings for ``make serve`` and deploy/chitieu.service; every value comes from the environment.

- ``PORT`` (default 8000): gunicorn listens on 127.0.0.1 only; the TLS proxy (deploy/nginx-chitieu.conf)
  on the same machine is its only client, and gunicorn trusts that proxy's X-Forwarded-Proto
  (``FORWARDED_ALLOW_IPS``, default 127.0.0.1), so Django sees HTTPS requests as secure.
- ``WEB_CONCURRENCY`` (default 2 × cores + 1): worker processes.
- ``GUNICORN_TIMEOUT`` (default 60 s): a worker busy longer than this is restarted.
"""

from __future__ import annotations

import os


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (containers, taskset)
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


bind = f"127.0.0.1:{int(os.environ.get('PORT') or 8000)}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cores() + 1)
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 30
# Restart each worker after a while, so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'
proc_name = "chitieu"
