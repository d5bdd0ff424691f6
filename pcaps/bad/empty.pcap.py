#!/usr/bin/python3
"""A valid pcap global header (little-endian, version 2.4, snaplen 262144, LINKTYPE_ETHERNET) and no
packet records."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403
import struct  # noqa: E402


def build():
    return struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1)


if __name__ == "__main__":
    main(__file__, build)
