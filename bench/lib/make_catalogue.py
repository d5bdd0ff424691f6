#!/usr/bin/env python3
"""Writes the service catalogues for bench/catalogue: the shipped config/catalogue/services.yaml plus one
service, "blocklist", with N domains (d<i>.blk<i%1000>.test) and N IPv4 blocks (112.0.0.0 + i*256, /24).
catalogue_bench.cc builds its queries (and its in-memory lists) from the same formulas. Two forms:

  OUT/catalogue-N.yaml        the lists inline, as YAML `domains:` / `ip_ranges:` (over 4 MiB from about
                              80 k entries: the loader refuses it, as it should)
  OUT/catalogue-N-lists.yaml  the service names list files instead, `domains_file: blocklist-N-domains.txt`
                              and `ip_ranges_file: blocklist-N-ranges.txt`, written beside it (one entry a
                              line, config/yaml/list_file.h): the way a school loads a big list

  make_catalogue.py SHIPPED.yaml N OUT_DIR
"""
import os
import sys

shipped, n, out_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
assert n <= 1 << 20, "the /24 blocks must stay inside 112.0.0.0/4"
text = open(shipped).read()
marker = "\nservices:\n"
assert marker in text, "no top-level services: in " + shipped
head, tail = text.split(marker, 1)


def domains():
    return (f"d{i}.blk{i % 1000}.test" for i in range(n))


def blocks():
    for i in range(n):
        a = 0x70000000 + i * 256
        yield f"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.0/24"


def write(name, lines):
    path = os.path.join(out_dir, name)
    with open(path + ".tmp", "w") as f:
        f.writelines(lines)
    os.replace(path + ".tmp", path)


write(f"catalogue-{n}.yaml",
      [head, marker, "  blocklist:\n    display_name: Bench blocklist\n    domains:\n"]
      + [f"      - {d}\n" for d in domains()] + ["    ip_ranges:\n"] + [f"      - {b}\n" for b in blocks()] + [tail])
write(f"blocklist-{n}-domains.txt", [f"# bench/lib/make_catalogue.py: {n} domains\n"] + [d + "\n" for d in domains()])
write(f"blocklist-{n}-ranges.txt", [f"# bench/lib/make_catalogue.py: {n} /24 blocks\n"] + [b + "\n" for b in blocks()])
write(f"catalogue-{n}-lists.yaml",
      [head, marker, "  blocklist:\n    display_name: Bench blocklist\n",
       f"    domains_file: blocklist-{n}-domains.txt\n", f"    ip_ranges_file: blocklist-{n}-ranges.txt\n", tail])
