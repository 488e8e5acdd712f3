"""A ``postgresql://`` URL as the operator wrote it, handed to libpq whole.

Every parameter of the URL reaches libpq (``?sslmode=verify-full``,
``?host=/var/run/postgresql`` for a local socket, ``connect_timeout``,
``application_name`` …). Before that, one rule: a server that is not on this
machine is reached only over TLS (``sslmode`` require, verify-ca or
verify-full, in the URL or ``PGSSLMODE``), unless the operator says
``--insecure`` (``MESSENGER_DB_INSECURE=1``): otherwise the password and every
message would cross the network in clear.
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import parse_qs, unquote, urlparse

from .errors import DatabaseError, msg

SCHEMES = ("postgresql", "postgres")
TLS_MODES = ("require", "verify-ca", "verify-full")
INSECURE_ENV = "MESSENGER_DB_INSECURE"


def libpq_url(url: str) -> str:
    """The URL libpq gets: unchanged but for the scheme, spelt ``postgresql://``
    (peewee hands a database name of that form to psycopg2 as its DSN)."""
    scheme, rest = url.split("://", 1)
    return f"postgresql://{rest}" if scheme in SCHEMES else url


def _hosts(url: str) -> list[str]:
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    named = query.get("host", []) + query.get("hostaddr", [])  # hostaddr is where it goes
    if named:
        return [h for value in named for h in value.split(",") if h]
    netloc = parsed.netloc.rpartition("@")[2]
    hosts = []
    for part in netloc.split(","):
        if part.startswith("["):  # [::1]:5432
            hosts.append(part[1:].partition("]")[0])
        elif part:
            hosts.append(unquote(part.rpartition(":")[0] if part.count(":") == 1 else part))
    if hosts:
        return hosts
    env = ",".join(os.environ.get(name, "") for name in ("PGHOST", "PGHOSTADDR"))
    return [h for h in env.split(",") if h]  # none: the default local socket


def is_local_host(host: str) -> bool:
    """A socket directory, ``localhost`` or a loopback address."""
    if host.startswith(("/", "@")) or host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _sslmode(url: str) -> str:
    modes = parse_qs(urlparse(url).query).get("sslmode")
    return (modes[-1] if modes else os.environ.get("PGSSLMODE", "")).lower()


def require_tls_for_remote(url: str) -> None:
    """Refuse a remote server without TLS unless the operator allowed it."""
    remote = [h for h in _hosts(url) if not is_local_host(h)]
    if not remote or _sslmode(url) in TLS_MODES or os.environ.get(INSECURE_ENV) == "1":
        return
    raise DatabaseError(
        msg(
            "The database server {host} is not on this machine, and the URL does not ask "
            "for TLS: the password and every message would cross the network in clear. "
            "Add ?sslmode=verify-full (or require) to the URL, or pass --insecure "
            "if this network is trusted.",
            host=remote[0],
        )
    )


_SECRETS: set[str] = set()  # passwords of every URL this process was given


def _passwords(url: str | None) -> set[str]:
    if not url or "://" not in url:
        return set()
    try:
        password = urlparse(url).password
    except ValueError:
        return set()
    return {password, unquote(password)} if password else set()


def remember_password(url: str) -> None:
    """Note the URL's password, so that ``redact`` removes it from any later text
    (an error about a copy's source quotes no URL, yet must not show it either)."""
    _SECRETS.update(_passwords(url))


def redact(text: str, url: str | None = None) -> str:
    """``text`` without the password of ``url`` or of any URL remembered before."""
    for secret in sorted(_passwords(url) | _SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text
