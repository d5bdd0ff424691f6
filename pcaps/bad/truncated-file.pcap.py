#!/usr/bin/python3
"""tls/facebook-www.pcap cut short in the middle of a packet record: the file ends after the 16-byte
record header and the first 40 of the 1005 data bytes of record 6 (the ServerHello flight). Records 1-5 are whole."""
import sys
from pathlib import Path

sys.dont_write_bytecode = True          # no __pycache__ inside pcaps/
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from reshape import *  # noqa: E402,F401,F403
import struct  # noqa: E402


def build():
    data = (PCAPS / "tls/facebook-www.pcap").read_bytes()
    off = 24
    for _ in range(5):                                  # skip five whole records
        caplen = struct.unpack_from("<I", data, off + 8)[0]
        off += 16 + caplen
    return data[:off + 16 + 40]


if __name__ == "__main__":
    main(__file__, build)
