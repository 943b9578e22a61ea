"""The room's links as the players can open them: on a wildcard address (`--host 0.0.0.0`) a
link to `0.0.0.0` opens nothing on a phone, so the links name the machine's reachable addresses
(its non-loopback interfaces; its host name when none is found), and each role's link is a QR code
in the terminal and a PNG and SVG in the run folder (`links/ROLE.png`) to print for the tables.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import struct
from pathlib import Path

from sim.core.atomic_files import atomic_file

WILDCARDS = ("0.0.0.0", "::", "", "*")
LINKS_FOLDER = "links"


def is_wildcard(host: str) -> bool:
    return host in WILDCARDS


def _interface_ipv4(name: str) -> str | None:
    """An interface's IPv4 address (Linux: the SIOCGIFADDR ioctl), else None."""
    try:
        import fcntl
    except ImportError:  # not on this system
        return None
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            packed = fcntl.ioctl(sock.fileno(), 0x8915, struct.pack("256s", name[:15].encode()))
        except OSError:  # an interface with no IPv4 address
            return None
    return socket.inet_ntoa(packed[20:24])


def _reachable(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    return not (ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast)


def reachable_addresses(ipv6: bool = False) -> list[str]:
    """This machine's non-loopback addresses, each once, in interface order."""
    found: list[str] = []
    with contextlib.suppress(OSError, AttributeError):
        for _, name in socket.if_nameindex():
            address = _interface_ipv4(name)
            if address:
                found.append(address)
    with contextlib.suppress(OSError):
        family = socket.AF_UNSPEC if ipv6 else socket.AF_INET
        for *_, sockaddr in socket.getaddrinfo(socket.gethostname(), None, family):
            found.append(sockaddr[0])
    return list(dict.fromkeys(a for a in found if _reachable(a) and (ipv6 or ":" not in a)))


def link_hosts(host: str) -> list[str]:
    """The hosts the printed links name: the address listened on, or for a wildcard the
    machine's reachable addresses (else its host name)."""
    if not is_wildcard(host):
        return [host]
    return reachable_addresses(ipv6=host == "::") or [socket.gethostname()]


def base_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def terminal_qr(link: str) -> str:
    """The link as a QR code drawn in text (two rows a line), for a phone to scan off the screen."""
    import io

    import segno

    out = io.StringIO()
    segno.make(link, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()


def write_qr_files(folder: Path, links: dict[str, str]) -> Path:
    """`links/ROLE.png` and `links/ROLE.svg` per role, readable by the owner only (a link holds
    its role's token); returns the folder."""
    import segno

    where = Path(folder) / LINKS_FOLDER
    where.mkdir(parents=True, exist_ok=True)
    for role, link in links.items():
        code = segno.make(link, error="m")
        for kind in ("png", "svg"):
            with atomic_file(where / f"{role}.{kind}") as tmp:
                code.save(str(tmp), kind=kind, scale=8, border=4)
                os.chmod(tmp, 0o600)
    return where
