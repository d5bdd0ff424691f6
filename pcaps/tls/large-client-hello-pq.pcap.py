#!/usr/bin/python3
"""From the raw capture of a real headless Chromium 156 page load of https://www.instagram.com/
(--host-resolver-rules maps the name to 203.0.113.20, QUIC off): only the first TCP connection to port 443 is kept.
Its ClientHello carries an X25519MLKEM768 key share and spans more than one TCP segment."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403


def build():
    return first_tcp_flow(load_raw("chromium-instagram.pcap"))


if __name__ == "__main__":
    main(__file__, build)
