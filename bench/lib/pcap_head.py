#!/usr/bin/env python3
"""Copies the first N packets of a classic pcap file: pcap_head.py IN.pcap N OUT.pcap"""
import struct
import sys

src, n, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(src, "rb") as f, open(dst, "wb") as o:
    header = f.read(24)
    magic = struct.unpack("<I", header[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    o.write(header)
    for _ in range(n):
        rec = f.read(16)
        if len(rec) < 16:
            break
        caplen = struct.unpack(endian + "IIII", rec)[2]
        o.write(rec + f.read(caplen))
