#!/usr/bin/env python3
"""Writes a service catalogue for bench/catalogue: the shipped config/catalogue/services.yaml plus one
service, "blocklist", with N domains (d<i>.blk<i%1000>.test) and N IPv4 blocks (112.0.0.0 + i*256, /24).
catalogue_bench.cc builds its queries from the same formulas.

  make_catalogue.py SHIPPED.yaml N OUT.yaml
"""
import sys

shipped, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
assert n <= 1 << 20, "the /24 blocks must stay inside 112.0.0.0/4"
text = open(shipped).read()
marker = "\nservices:\n"
assert marker in text, "no top-level services: in " + shipped
head, tail = text.split(marker, 1)
with open(out, "w") as f:
    f.write(head + marker)
    f.write("  blocklist:\n    display_name: Bench blocklist\n    domains:\n")
    f.writelines(f"      - d{i}.blk{i % 1000}.test\n" for i in range(n))
    f.write("    ip_ranges:\n")
    for i in range(n):
        a = 0x70000000 + i * 256
        f.write(f"      - {a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.0/24\n")
    f.write(tail)
