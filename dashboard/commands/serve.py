"""`footprint dashboard`: run the Streamlit app on the configured store."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys
import tomllib
from pathlib import Path
from typing import Annotated

import typer

from collectors.config import CONFIG_ENV, Config, load_config
from dashboard.errors import UsageError
from dashboard.exit_codes import EXIT_CRASH

from .common import ConfigOption
from .supervise import run_supervised

APP = Path(__file__).resolve().parents[1] / "app.py"
#: The project's Streamlit settings (theme, toolbar). Streamlit only reads ``.streamlit/config.toml``
#: from the working directory, and users start the dashboard from anywhere, so we pass them as flags.
STREAMLIT_CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"

PortOption = Annotated[int, typer.Option(min=1, max=65535, metavar="N", help="Port to listen on.")]
HostOption = Annotated[
    str, typer.Option(metavar="H", help="Address to listen on (anything but loopback reaches the network).")
]


def streamlit_flags(path: Path = STREAMLIT_CONFIG) -> list[str]:
    """``--section.key=value`` for every setting in ``path``; none if the file is absent (a wheel)."""
    try:
        settings = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return []
    flags = []
    for section, values in settings.items():
        for key, value in values.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags.append(f"--{section}.{key}={text}")
    return flags


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine (every address it resolves to is loopback)."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def check_can_listen(host: str, port: int) -> None:
    """:class:`UsageError` (one line) if nothing can listen on ``host:port`` now: a port in use, a
    privileged port, an address that is not this machine's. Checked before Streamlit starts."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (OSError, UnicodeError) as exc:
        raise UsageError(f"--host {host}: not an address to listen on ({exc})") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"--port {port}: already in use on {host}; choose another port") from None
            if exc.errno == errno.EACCES:
                raise UsageError(f"--port {port}: not permitted (ports below 1024 need privileges)") from None
            if exc.errno == errno.EADDRNOTAVAIL:
                raise UsageError(f"--host {host}: not an address of this machine") from None
            raise UsageError(f"--host {host} --port {port}: cannot listen: {exc.strerror}") from None


def warn_if_exposed(config: Config, host: str) -> None:
    """One warning line when an ``open`` dashboard listens beyond this machine."""
    if config.access.mode == "open" and not is_loopback(host):
        typer.echo(
            f'footprint: warning: --host {host} with access.mode = "open" shows everyone\'s data to anyone '
            'who can reach this machine; use access.mode = "oidc" or the default --host 127.0.0.1',
            err=True,
        )


def run_streamlit(config: Config, *, host: str, port: int) -> int:
    """Run ``streamlit run dashboard/app.py`` on ``config`` until it stops; returns the exit code.

    A stop asked for by a signal (Ctrl-C, SIGTERM from a service manager) is a clean stop: 0.
    """
    assert config.path is not None
    check_can_listen(host, port)
    warn_if_exposed(config, host)
    env = {**os.environ, CONFIG_ENV: str(config.path)}
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        *streamlit_flags(),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    typer.echo(f"Leadership Footprint on http://{'localhost' if host == '127.0.0.1' else host}:{port}")
    code, stop_signal = run_supervised(command, env)
    if stop_signal is not None:
        return 0
    if code != 0:
        typer.echo(f"footprint: the dashboard server stopped with exit code {code}", err=True)
        return EXIT_CRASH  # its own messages are above
    return 0


def register(app: typer.Typer) -> None:
    @app.command()
    def dashboard(
        config: ConfigOption = None,
        port: PortOption = 8501,
        host: HostOption = "127.0.0.1",
    ) -> None:
        """Run the dashboard on the configured store."""
        loaded = load_config(config)  # bad config is reported here, before Streamlit starts
        raise typer.Exit(run_streamlit(loaded, host=host, port=port))
