"""A throwaway PostgreSQL cluster for the tests: Debian's PostgreSQL 15, loopback only.

Import the fixtures into a test module (`from pg_cluster import postgres_cluster,
postgres_url`). However many modules import them, one cluster serves the session: it
starts on first use and stops when the last user's session fixture is torn down.

The server binaries are required, never optional: when they are missing the tests
fail with the command that installs them (CI runs it), so a green suite always
includes the PostgreSQL backend.
"""

from __future__ import annotations

import atexit
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest


def _debian_pg_bin() -> Path:
    """The newest PostgreSQL server install of Debian's packages (15 on bookworm)."""
    installed = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    return installed[-1].parent if installed else Path("/usr/lib/postgresql/15/bin")


PG_BIN = Path(os.environ.get("LAPWING_PG_BIN") or _debian_pg_bin())
USER = "lapwing"
PASSWORD = "s3cret-test-only"  # the cluster listens on 127.0.0.1 only and lives for one session
_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    # Durability buys nothing for a cluster deleted at the end of the session.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "100",
    "shared_buffers": "32MB",
}


@dataclass
class Cluster:
    root: Path  # temp folder owned by the server's user: data/, socket, log
    port: int
    as_user: list[str]  # command prefix that runs a program as the server's user
    _names = itertools.count()

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, dbname: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"{prefix}_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def empty(self, url: str) -> None:
        """Delete every row of every table but `meta` in the database at `url`."""
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            tables = [
                t
                for (t,) in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                )
                if t != "meta"
            ]
            if tables:
                conn.execute(f"TRUNCATE {', '.join(tables)}")

    def stop(self) -> None:
        if self.data.exists():
            subprocess.run(
                [*self.as_user, str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                 "-w", "stop"],
                capture_output=True,
                timeout=60,
            )  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)


def _missing() -> str | None:
    wanted = [PG_BIN / "initdb", PG_BIN / "pg_ctl"]
    if not all(p.exists() for p in wanted):
        return (
            f"PostgreSQL 15 server binaries not found ({', '.join(map(str, wanted))}); "
            "install them with `apt-get install -y postgresql` (.ci/run does), or point "
            "LAPWING_PG_BIN at another bin directory"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed: pip install 'psycopg[binary]>=3.2'"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}): {done.stderr or done.stdout}")


def start_cluster() -> Cluster:
    """initdb + pg_ctl start on a free 127.0.0.1 port, as `postgres` when run as root."""
    problem = _missing()
    if problem:
        pytest.fail(problem, pytrace=False)
    root = Path(tempfile.mkdtemp(prefix="lapwing-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        try:
            server = pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("running as root, but there is no `postgres` user to run the server")
        os.chown(root, server.pw_uid, server.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    pwfile = root / "pw"
    pwfile.write_text(PASSWORD + "\n")
    if as_user:
        os.chown(pwfile, server.pw_uid, server.pw_gid)
    _run(
        [*as_user, str(PG_BIN / "initdb"), "-D", str(root / "data"), "-U", USER,
         f"--pwfile={pwfile}", "--auth-local=trust", "--auth-host=scram-sha-256",
         "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
        "initdb",
    )  # fmt: skip
    pwfile.unlink()
    options = " ".join(f"-c {k}={v}" for k, v in _SETTINGS.items())
    for attempt in range(3):
        port = _free_port()
        cluster = Cluster(root, port, as_user)
        done = subprocess.run(
            [*as_user, str(PG_BIN / "pg_ctl"), "-D", str(cluster.data), "-w", "-t", "60",
             "-l", str(root / "server.log"), "-o",
             f"-p {port} -c unix_socket_directories={root} {options}", "start"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        if done.returncode == 0:
            return cluster
        time.sleep(0.2 * (attempt + 1))  # most likely someone took the port meanwhile
    log = (root / "server.log").read_text(errors="replace")[-2000:]
    shutil.rmtree(root, ignore_errors=True)
    pytest.fail(f"could not start PostgreSQL: {done.stderr}\n{log}", pytrace=False)


_shared: dict[str, object] = {"cluster": None, "users": 0}


def _stop_shared() -> None:
    cluster = _shared["cluster"]
    if isinstance(cluster, Cluster):
        cluster.stop()
    _shared["cluster"] = None


atexit.register(_stop_shared)  # also when the session dies before teardown


@pytest.fixture(scope="session")
def postgres_cluster():
    if _shared["cluster"] is None:
        _shared["cluster"] = start_cluster()
    _shared["users"] = int(_shared["users"]) + 1  # type: ignore[call-overload]
    try:
        yield _shared["cluster"]
    finally:
        _shared["users"] = int(_shared["users"]) - 1  # type: ignore[call-overload]
        if _shared["users"] == 0:
            _stop_shared()


@pytest.fixture
def postgres_url(postgres_cluster: Cluster) -> str:
    """URL of a new, empty database for this test."""
    return postgres_cluster.create_database()
