"""The room's links on its network: a wildcard address is never printed as the link's host (a
phone cannot open `http://0.0.0.0`), and each role's link is a QR code, in the terminal and in
the run folder to print."""

from __future__ import annotations

import ipaddress
import re
import stat
import subprocess
import sys
import time
import urllib.request

import pytest

from sim.apps.drill.web import room_links
from sim.apps.drill.web.room_links import link_hosts, write_qr_files
from tests.support.drill_town import write_drill
from tests.support.paths import ROOT


def _serve(*args) -> tuple[subprocess.Popen, dict[str, str], str]:
    """The room served by the command line: its process, its links and all it printed."""
    proc = subprocess.Popen([sys.executable, "-m", "sim", "drill", *args, "--port", "0"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    links, printed = {}, []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        printed.append(line)
        found = re.match(r"\s+(\w+)\s+(http://\S+)", line)
        if found:
            links[found[1]] = found[2]
        if "Ctrl-C" in line:
            return proc, links, "".join(printed)
    proc.kill()
    raise AssertionError(f"the drill did not start: {proc.stderr.read()}")


@pytest.mark.parametrize("wildcard", ["0.0.0.0", "::"])
def test_a_wildcard_is_never_a_links_host(wildcard):
    for host in link_hosts(wildcard):
        assert host not in room_links.WILDCARDS
        try:
            assert not ipaddress.ip_address(host).is_loopback
        except ValueError:
            pass  # the host name, when no address was found


def test_with_no_address_found_the_links_name_the_host(monkeypatch):
    monkeypatch.setattr(room_links, "reachable_addresses", lambda ipv6=False: [])
    monkeypatch.setattr(room_links.socket, "gethostname", lambda: "drill-laptop")
    assert link_hosts("0.0.0.0") == ["drill-laptop"]
    assert link_hosts("127.0.0.1") == ["127.0.0.1"]


def test_each_roles_qr_code_is_a_png_and_an_svg_for_the_owner_only(tmp_path):
    links = {"facilitator": "http://10.1.2.3:8765/?t=abc", "supply_group": "http://10.1.2.3:8765/?t=def"}
    where = write_qr_files(tmp_path, links)
    assert where == tmp_path / "links"
    for role in links:
        png, svg = where / f"{role}.png", where / f"{role}.svg"
        assert png.read_bytes().startswith(b"\x89PNG")
        assert "<svg" in svg.read_text()
        assert stat.S_IMODE(png.stat().st_mode) == 0o600  # a link holds its role's token
    assert svg.read_text() != (where / "facilitator.svg").read_text()


def test_served_on_every_address_the_links_open_and_each_role_has_a_qr_code(tmp_path):
    out = tmp_path / "room"
    proc, links, printed = _serve(str(write_drill(tmp_path)), "--web", "--out", str(out), "--host", "0.0.0.0")
    try:
        assert links and not any("0.0.0.0" in link for link in links.values())
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())  # keeps the link's cookie
        with browser.open(links["facilitator"], timeout=30) as page:
            assert page.status == 200 and page.url.endswith("/?as=facilitator")
        assert {p.stem for p in (out / "links").glob("*.png")} == set(links)
    finally:
        proc.kill()
        proc.wait()
    assert printed.count("▀▀▀▀▀▀▀▀▀▀") >= len(links)  # a QR code per role in the terminal
