"""Where `quiz serve` listens: the port and host checked before anything starts, with messages fit for a user.

Light: only ``socket`` and ``ipaddress``, so a bad ``--port`` or ``--host`` is reported before the web server loads.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class AddressError(ValueError):
    """A port or host that cannot be served on; the message names the option and what was wrong."""


@dataclass(frozen=True)
class Address:
    """A host and port that resolved, and whether every address they resolved to is on this machine only."""

    host: str
    port: int
    loopback: bool

    @property
    def url(self) -> str:
        """The address a browser on this machine opens (a wildcard host is reached through loopback)."""
        host = self.host
        if host in ("0.0.0.0", "::", ""):
            host = "127.0.0.1" if host != "::" else "::1"
        if ":" in host:  # an IPv6 literal
            host = f"[{host}]"
        return f"http://{host}:{self.port}"


def parse_port(text: str) -> int:
    """``"8000"`` → ``8000``; anything but a whole number from 1 to 65535 is an :class:`AddressError`."""
    try:
        port = int(text.strip())
    except ValueError:
        raise AddressError(f"--port: {text!r} is not a whole number (give a port from 1 to 65535)") from None
    if not 1 <= port <= 65535:
        raise AddressError(f"--port: {port} is out of range (give a port from 1 to 65535)")
    return port


def resolve(host: str, port: int) -> Address:
    """Check that ``host`` resolves; :class:`AddressError` naming it if not.

    ``loopback`` is true only when every address the name resolves to is a loopback one (``127.0.0.1``,
    ``localhost``, ``::1``): anything else (``0.0.0.0``, a LAN address, a host name) may be reached from other machines.
    """
    host = host.strip()
    if not host:
        raise AddressError("--host: empty; give an address such as 127.0.0.1 (this machine only) or 0.0.0.0")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        reason = exc.strerror if isinstance(exc, socket.gaierror) and exc.strerror else str(exc)
        raise AddressError(
            f"--host: {host!r} is not an address of this machine or a known host name ({reason})"
        ) from None
    addresses = {str(info[4][0]).split("%", 1)[0] for info in infos}
    loopback = bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)
    return Address(host=host, port=port, loopback=loopback)


def check_free(address: Address) -> None:
    """Bind to the address once, to report a port in use or a host not on this machine before the server starts.

    The web server binds again right after; a port taken in between is still reported, as the server fails.
    """
    infos = socket.getaddrinfo(address.host, address.port, type=socket.SOCK_STREAM)
    for family, kind, proto, _name, sockaddr in infos:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself binds
            try:
                probe.bind(sockaddr)
            except OSError as exc:
                raise AddressError(bind_message(address, exc)) from None


def bind_message(address: Address, exc: OSError) -> str:
    """One line for a failed bind, with what to do about it."""
    import errno

    where = f"{address.host}:{address.port}"
    if exc.errno == errno.EADDRINUSE:
        return f"--port: {where} is already in use; stop what uses it or give another port with --port"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"--host: {address.host} is not an address of this machine"
    if exc.errno == errno.EACCES:
        return f"--port: not allowed to listen on {where} (ports below 1024 need privileges); give a port above 1023"
    return f"cannot listen on {where}: {exc.strerror or exc}"


def exposure_warning(address: Address) -> str:
    """The warning printed when the server may be reached from other machines."""
    return (
        f"--host {address.host} is not a loopback address: anyone who can reach this machine on port {address.port} "
        "gets the app, with no password, and can read and change your progress"
    )
