"""Throwaway PostgreSQL and MariaDB servers for the database tests: real Debian binaries, a temp
directory, a free port on 127.0.0.1, stopped by PID. A server that cannot start raises (never skips):
in CI a database test must run. Install the servers with scripts/install-test-packages.sh."""
from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ADMIN_PASSWORD = "Adm1n-test-only"
SCANNER_PASSWORD = "Sc4nner-test-only"
#: the role owning the history databases of the history and evidence tests (its password only in PGPASSWORD)
HISTORIAN, HISTORIAN_PASSWORD = "historian", "H1story-test-only"
START_TIMEOUT = 90


class ServerStartError(RuntimeError):
    """A test server did not start; the message says why and where its log is."""


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path


@dataclass(frozen=True)
class Server:
    engine: str
    port: int
    pid: int
    base: Path
    socket: Path  # PostgreSQL: the socket directory; MariaDB: the socket file
    hardened: bool


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run(args: list[str], what: str, **kwargs: object) -> None:
    done = subprocess.run(args, capture_output=True, text=True, timeout=START_TIMEOUT, **kwargs)  # type: ignore
    if done.returncode != 0:
        raise ServerStartError(f"{what} failed ({done.returncode}): {(done.stderr or done.stdout).strip()[-800:]}")


def _binary(pattern: str, name: str) -> str:
    found = sorted(glob.glob(pattern)) or ([shutil.which(name)] if shutil.which(name) else [])
    if not found:
        raise ServerStartError(f"{name} not found: run scripts/install-test-packages.sh as root")
    return str(found[-1])


def make_certificate(base: Path, owner: str | None = None) -> Certificate:
    """A self-signed certificate for 127.0.0.1 (usable as its own CA by verify-full clients)."""
    cert, key = base / "server.crt", base / "server.key"
    _run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
          "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
          "-keyout", str(key), "-out", str(cert)], "openssl req")
    key.chmod(0o600)
    if owner:
        shutil.chown(cert, owner)
        shutil.chown(key, owner)
    return Certificate(cert, key)


def stop(server: Server) -> None:
    """Stop by PID (SIGTERM, then SIGKILL after 30 s) and remove the directory."""
    try:
        os.kill(server.pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            os.kill(server.pid, 0)
            try:
                os.waitpid(server.pid, os.WNOHANG)
            except ChildProcessError:
                pass
            time.sleep(0.1)
        os.kill(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    shutil.rmtree(server.base, ignore_errors=True)


# ------------------------------------------------------------------------------------------- PostgreSQL

PG_INSECURE_CONF = """
password_encryption = md5
"""
PG_INSECURE_HBA = """
local all all                trust
host  all all 127.0.0.1/32   trust
host  all all 0.0.0.0/0      md5
host  all all ::/0           password
"""
PG_HARDENED_CONF = """
ssl = on
ssl_cert_file = '{cert}'
ssl_key_file = '{key}'
ssl_min_protocol_version = 'TLSv1.2'
ssl_ciphers = 'HIGH:!aNULL:!MD5:!3DES:!RC4'
password_encryption = 'scram-sha-256'
logging_collector = on
log_connections = on
log_disconnections = on
log_line_prefix = '%m [%p] %q%u@%d %r '
log_statement = 'ddl'
shared_preload_libraries = 'pgaudit,passwordcheck'
pgaudit.log = 'ddl, role, write'
idle_session_timeout = '15min'
"""
PG_HARDENED_HBA = """
local     all all                scram-sha-256
hostnossl all all 0.0.0.0/0      reject
hostnossl all all ::/0           reject
hostssl   all all 127.0.0.1/32   scram-sha-256
hostssl   all all ::1/128        scram-sha-256
"""


def start_postgresql(hardened: bool) -> Server:
    bindir = Path(_binary("/usr/lib/postgresql/15/bin/postgres", "postgres")).parent
    base = Path(tempfile.mkdtemp(prefix=f"baomi-pg-{'hardened' if hardened else 'insecure'}-"))
    shutil.chown(base, "postgres")
    data, sockdir, log = base / "data", base / "sock", base / "server.log"
    sockdir.mkdir()
    shutil.chown(sockdir, "postgres")
    as_postgres = ["runuser", "-u", "postgres", "--"]
    initdb = [*as_postgres, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8", "--locale=C",
              "--no-sync"]
    if hardened:
        pwfile = base / "pwfile"
        pwfile.write_text(ADMIN_PASSWORD + "\n")
        shutil.chown(pwfile, "postgres")
        initdb += ["--data-checksums", "--auth=scram-sha-256", f"--pwfile={pwfile}"]
    else:
        initdb += ["--auth=trust"]
    _run(initdb, "initdb", cwd=base)
    if hardened:
        cert = make_certificate(base, owner="postgres")
        conf, hba = PG_HARDENED_CONF.format(cert=cert.cert, key=cert.key), PG_HARDENED_HBA
    else:
        conf, hba = PG_INSECURE_CONF, PG_INSECURE_HBA
    with (data / "postgresql.conf").open("a") as fh:
        fh.write(conf)
    (data / "pg_hba.conf").write_text(hba)
    port = free_port()
    options = f"-p {port} -k {sockdir} -c listen_addresses=127.0.0.1 -c fsync=off"
    _run([*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", str(START_TIMEOUT),
          "-o", options, "start"], f"pg_ctl start (log: {log})", cwd=base)
    pid = int((data / "postmaster.pid").read_text().splitlines()[0])
    return Server("postgresql", port, pid, base, sockdir, hardened)


def pg_admin(server: Server) -> object:
    """A superuser connection over the socket, for setting up roles."""
    import psycopg

    return psycopg.connect(host=str(server.socket), port=server.port, user="postgres", dbname="postgres",
                           password=ADMIN_PASSWORD if server.hardened else None, autocommit=True)


@contextmanager
def pg_applied(server: Server, setup: Sequence[str], teardown: Sequence[str]) -> Iterator[None]:
    """``setup`` run as the superuser for the time of the block, then ``teardown`` (a test that changes a
    shared server puts back what it changed)."""
    with pg_admin(server) as conn:  # type: ignore[attr-defined]
        try:
            for statement in setup:
                conn.execute(statement)
            yield
        finally:
            for statement in teardown:
                conn.execute(statement)


# ---------------------------------------------------------------------------------------------- MariaDB

MARIADB_INSECURE = ["--local-infile=ON", "--tls-version=TLSv1.1,TLSv1.2,TLSv1.3", "--default-password-lifetime=0",
                    "--general-log=ON"]


def mariadb_hardened_options(cert: Certificate, base: Path) -> list[str]:
    return [f"--ssl-cert={cert.cert}", f"--ssl-key={cert.key}", "--require-secure-transport=ON",
            "--tls-version=TLSv1.2,TLSv1.3", "--plugin-load-add=server_audit", "--server-audit-logging=ON",
            "--server-audit-events=CONNECT,QUERY", f"--server-audit-file-path={base / 'audit.log'}",
            "--local-infile=OFF", "--default-password-lifetime=90", "--plugin-load-add=simple_password_check",
            "--plugin-load-add=auth_ed25519"]


def start_mariadb(hardened: bool, defaults: str | None = None) -> Server:
    """An insecure or hardened server from its command-line options; with ``defaults`` (my.cnf text, in which
    ``{base}`` stands for the server's directory), one that reads that option file instead, as a server
    started from /etc/mysql would, with only its paths and port on the command line."""
    install = _binary("/usr/bin/mariadb-install-db", "mariadb-install-db")
    server_binary = _binary("/usr/sbin/mariadbd", "mariadbd")
    base = Path(tempfile.mkdtemp(prefix=f"baomi-mariadb-{'hardened' if hardened else 'insecure'}-"))
    data, sock, log = base / "data", base / "mysqld.sock", base / "error.log"
    method = "socket" if hardened else "normal"
    _run([install, "--no-defaults", f"--datadir={data}", "--user=root", f"--auth-root-authentication-method={method}",
          "--skip-test-db"], "mariadb-install-db", cwd=base)
    options = mariadb_hardened_options(make_certificate(base), base) if hardened else MARIADB_INSECURE
    first = "--no-defaults"
    if defaults is not None:
        (base / "my.cnf").write_text(defaults.format(base=base))
        first, options = f"--defaults-file={base / 'my.cnf'}", []
    port = free_port()
    with log.open("w") as err:
        proc = subprocess.Popen(
            [server_binary, first, "--user=root", f"--datadir={data}", f"--socket={sock}", f"--port={port}",
             "--bind-address=127.0.0.1", "--skip-name-resolve", f"--pid-file={base / 'mysqld.pid'}",
             f"--log-error={log}", "--innodb-buffer-pool-size=32M", "--skip-log-bin", *options],
            stdout=err, stderr=subprocess.STDOUT, cwd=base, start_new_session=True)
    server = Server("mysql", port, proc.pid, base, sock, hardened)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerStartError(f"mariadbd exited with {proc.returncode}: {log.read_text()[-800:]}")
        try:
            mariadb_admin(server).close()  # type: ignore[attr-defined]
            return server
        except Exception:  # not accepting connections yet
            time.sleep(0.2)
    stop(server)
    raise ServerStartError(f"mariadbd did not accept connections within {START_TIMEOUT} s (log: {log})")


def mariadb_admin(server: Server) -> object:
    """root over the socket (unix_socket auth on the hardened server, empty password on the insecure one)."""
    import pymysql

    return pymysql.connect(unix_socket=str(server.socket), user="root", password="", autocommit=True)
