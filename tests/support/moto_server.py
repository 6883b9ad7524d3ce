"""A real moto server on 127.0.0.1, started as a subprocess (shared by the tests and the benchmark); what moto does
not implement is answered 501 at once (tests/support/moto_launcher.py)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parents[2])
#: without it, moto lists its 1,301 default AMIs' snapshots as public
SERVER_ENV = {"MOTO_EC2_LOAD_DEFAULT_AMIS": "false", "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class MotoServer:
    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> MotoServer:
        env = {**os.environ, **SERVER_ENV, "MOTO_PORT": str(self.port)}
        self._process = subprocess.Popen([sys.executable, "-m", "tests.support.moto_launcher", "127.0.0.1",
                                          str(self.port)], env=env, cwd=_ROOT, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"moto server exited with code {self._process.returncode}")
            try:
                urllib.request.urlopen(f"{self.url}/moto-api/", timeout=1).close()
                return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"moto server did not answer on {self.url} within {timeout}s")

    def post(self, path: str, body: bytes = b"") -> None:
        request = urllib.request.Request(f"{self.url}{path}", data=body, method="POST",
                                         headers={"Content-Type": "text/plain"})  # form types hide the body
        urllib.request.urlopen(request, timeout=30).close()

    def reset(self) -> None:
        """Forget every resource of every account."""
        self.post("/moto-api/reset")

    def enforce_iam(self, enabled: bool) -> None:
        """Make moto check every request against the caller's IAM policies (or stop doing so)."""
        self.post("/moto-api/reset-auth", b"0" if enabled else b"inf")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
