#!/usr/bin/python3
"""From the raw capture of a real headless Chromium 156 page load of https://www.facebook.com/
(mapped to 203.0.113.10): only the first TCP connection to port 443 is kept. Chromium sends an ECH GREASE
encrypted_client_hello extension (0xfe0d); the outer SNI www.facebook.com is the real name."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403


def build():
    return first_tcp_flow(load_raw("chromium-facebook.pcap"))


if __name__ == "__main__":
    main(__file__, build)
