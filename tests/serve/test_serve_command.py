"""`oncall serve` as a person types it: browser seats' options checked before anything
is unlocked, with a message and an exit code; and a server with --web says where and
shows the pairing code, then serves the pairing page there."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from oncall.cli import cli

from .conftest import PASSPHRASE, oncall_command


def run(home: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["--home", str(home), "--lang", "en", "serve", *args], input="nothing\n"
    )
    return result.exit_code, result.output


def test_a_bad_web_address_is_refused_before_the_passphrase(home: Path) -> None:
    code, out = run(home, "--web", "nowhere")
    assert code == 2
    assert "give [HOST:]PORT" in out and "Traceback" not in out
    assert "assphrase" not in out  # nothing asked, nothing unlocked


def test_off_localhost_without_tls_is_refused(home: Path) -> None:
    code, out = run(home, "--web", "0.0.0.0:8443")
    assert code == 1
    assert "need TLS" in out and "Traceback" not in out


def test_a_certificate_without_web_is_a_usage_error(home: Path, tmp_path: Path) -> None:
    cert = tmp_path / "x.crt"
    cert.write_text("x")
    code, out = run(home, "--cert", str(cert))
    assert code == 2
    assert "--web" in out


def test_serve_web_shows_the_address_and_a_pairing_code(home: Path) -> None:
    with socket.socket() as probe:  # a free port on this machine
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        oncall_command(home, "--lang", "en", "serve", "--web", str(port)),
        env={**os.environ, "ONCALL_PASSPHRASE": PASSPHRASE},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "pairing code for" in line:
                break
        out = "".join(lines)
        assert f"browser seats: http://127.0.0.1:{port}/" in out
        assert re.search(r"pairing code for a browser seat: \d{3} \d{3}", out)
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/pair", timeout=10).read()
        assert b"<form" in page
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
