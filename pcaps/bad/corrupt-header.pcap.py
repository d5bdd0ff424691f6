#!/usr/bin/python3
"""tls/facebook-www.pcap with its 4-byte magic number replaced by garbage (0x0badf00d): no pcap or
pcapng reader should accept it; every byte after the magic is as in the valid file."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403


def build():
    data = (PCAPS / "tls/facebook-www.pcap").read_bytes()
    return bytes.fromhex("0badf00d") + data[4:]


if __name__ == "__main__":
    main(__file__, build)
