"""A ``postgresql://`` URL reaches libpq whole (models/pg_url.py, models/db.py):
its query parameters take effect, a server on another machine needs TLS unless
the operator says ``--insecure``, and a password in the URL never appears in an
error or a log line.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlparse

import psycopg2
import pytest

import cli
from models.db import make_database, open_database
from models.errors import DatabaseError
from models.pg_url import INSECURE_ENV


def _with_query(url: str, query: str) -> str:
    return url + ("&" if "?" in url else "?") + query


# ---------------------------------------------------------------- TLS rule

@pytest.mark.parametrize("url", [
    "postgresql://messenger@db.example.org/messenger",
    "postgresql://messenger@db.example.org/messenger?sslmode=prefer",
    "postgres://messenger@192.0.2.7:5432/messenger?sslmode=disable",
    "postgresql://messenger@localhost,db.example.org/messenger",
    "postgresql:///messenger?host=db.example.org",
    "postgresql://messenger@localhost/messenger?hostaddr=192.0.2.7",
])
def test_a_remote_server_without_tls_is_refused(unbind, url):
    with pytest.raises(DatabaseError) as err:
        make_database(url)
    assert "not on this machine" in err.value.message
    assert "sslmode=verify-full" in err.value.message
    assert "--insecure" in err.value.message


@pytest.mark.parametrize("url", [
    "postgresql://messenger@db.example.org/messenger?sslmode=verify-full",
    "postgresql://messenger@db.example.org/messenger?sslmode=require&connect_timeout=3",
    "postgresql://messenger@localhost/messenger",
    "postgresql://messenger@127.0.0.1:5432/messenger",
    "postgresql://messenger@[::1]:5432/messenger",
    "postgresql:///messenger?host=/var/run/postgresql",
    "postgresql:///messenger",
])
def test_tls_or_a_local_server_is_accepted(unbind, url):
    make_database(url)  # connects lazily: nothing is reached here


def test_the_operator_may_allow_a_remote_server_without_tls(unbind, monkeypatch, capsys):
    url = "postgresql://messenger@192.0.2.7:5432/messenger?connect_timeout=1"
    monkeypatch.setenv(INSECURE_ENV, "1")
    make_database(url)
    monkeypatch.delenv(INSECURE_ENV)
    assert cli.main(["db", "check", "--db", url]) == 1
    assert "not on this machine" in capsys.readouterr().err
    # --insecure gets past the rule: what fails now is the connection itself.
    assert cli.main(["--insecure", "db", "check", "--db", url]) == 1
    err = capsys.readouterr().err
    assert "not on this machine" not in err and "cannot be reached" in err
    assert INSECURE_ENV not in os.environ


# ---------------------------------------------------------------- libpq gets it all


@pytest.mark.postgresql
def test_sslmode_reaches_libpq(empty_pg_url, unbind):
    """The test server has no TLS: with sslmode=require libpq itself refuses."""
    with pytest.raises(DatabaseError) as err:
        open_database(_with_query(empty_pg_url, "sslmode=require"))
    assert "SSL" in err.value.message


@pytest.mark.postgresql
def test_application_name_reaches_the_server(empty_pg_url, unbind):
    db = open_database(_with_query(empty_pg_url, "application_name=messenger-url-test"))
    (name,) = db.execute_sql(
        "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()"
    ).fetchone()
    assert name == "messenger-url-test"


@pytest.mark.postgresql
def test_a_socket_url_connects_over_the_socket(empty_pg_url, unbind):
    parsed = urlparse(empty_pg_url)
    probe = psycopg2.connect(empty_pg_url)
    with probe.cursor() as cur:
        cur.execute("SHOW unix_socket_directories")
        socket_dir = cur.fetchone()[0].split(",")[0].strip()
    probe.close()
    assert os.path.exists(os.path.join(socket_dir, f".s.PGSQL.{parsed.port}"))
    url = (f"postgresql:///{parsed.path.lstrip('/')}?host={socket_dir}"
           f"&port={parsed.port}&user={parsed.username}")
    db = open_database(url)
    # A socket connection has no client address.
    (addr,) = db.execute_sql("SELECT inet_client_addr()").fetchone()
    assert addr is None


# ---------------------------------------------------------------- no password shown

@pytest.mark.parametrize("url", [
    "postgresql://messenger:s3cr%40t-pw-XYZ@127.0.0.1:1/messenger?connect_timeout=2",
    "postgresql://messenger:s3cr%40t-pw-XYZ@127.0.0.1:1/messenger?sslmode=nonsense",
    "mysql://messenger:s3cr%40t-pw-XYZ@127.0.0.1/messenger",
    "postgresql://messenger:s3cr%40t-pw-XYZ@db.example.org/messenger",
])
def test_a_password_in_the_url_is_never_printed(unbind, capsys, caplog, url):
    caplog.set_level(logging.DEBUG)
    code = cli.main(["db", "check", "--db", url])
    out, err = capsys.readouterr()
    assert code == 1 and err.strip()
    shown = out + err + caplog.text
    assert "s3cr" not in shown and "XYZ" not in shown


def test_a_copy_from_an_unreachable_source_does_not_show_its_password(unbind, tmp_path, capsys):
    source = "postgresql://messenger:s3cr%40t-pw-XYZ@127.0.0.1:1/messenger?connect_timeout=2"
    code = cli.main(["db", "copy", "--from", source, "--to", f"sqlite:///{tmp_path / 'c.db'}"])
    out, err = capsys.readouterr()
    assert code == 1 and "cannot be reached" in err
    assert "s3cr" not in out + err and "XYZ" not in out + err
