#!/usr/bin/python3
"""Keeps the first packets of every flow of a live capture (offline, scapy; nothing is sent).

  trim_flows.py IN OUT [--per-flow N] [--max-bytes B]

A flow is (transport, the two address:port ends, either direction) for TCP and UDP; other packets (ARP,
ICMP...) are dropped. The first N packets of each flow are kept in their original order with their
original timestamps and link type, so handshakes survive and long tunnels are cut. Fails if OUT would be
larger than B bytes (default 200 KB, the project's hard limit); warns above 50 KB.
"""
import argparse
import sys
from pathlib import Path

from scapy.all import IP, TCP, UDP, IPv6, PcapReader, PcapWriter, conf

conf.verb = 0


def flow_key(p):
    ip = p.getlayer(IP) or p.getlayer(IPv6)
    if ip is None:
        return None
    if isinstance(ip, IP) and (ip.flags.MF or ip.frag):
        return ("frag", ip.src, ip.dst, ip.id)
    l4 = p.getlayer(TCP) or p.getlayer(UDP)
    if l4 is None:
        return None
    a, b = (ip.src, l4.sport), (ip.dst, l4.dport)
    return (l4.name,) + tuple(sorted([a, b]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--per-flow", type=int, default=40)
    ap.add_argument("--max-bytes", type=int, default=200 * 1024)
    args = ap.parse_args()
    counts = {}
    kept = []
    with PcapReader(args.src) as r:
        linktype = r.linktype
        for p in r:
            k = flow_key(p)
            if k is None:
                continue
            counts[k] = counts.get(k, 0) + 1
            if counts[k] <= args.per_flow:
                kept.append(p)
    out = Path(args.dst)
    out.parent.mkdir(parents=True, exist_ok=True)
    with PcapWriter(str(out), linktype=linktype, sync=True) as w:
        for p in kept:
            w.write(p)
    size = out.stat().st_size
    total = sum(counts.values())
    print(f"  {out.name}: {len(counts)} flows, kept {len(kept)} of {total} packets, {size} bytes")
    if size > args.max_bytes:
        sys.exit(f"{out}: {size} bytes, over the {args.max_bytes}-byte limit")
    if size > 50 * 1024:
        print(f"  warning: {out.name} is over 50 KB")


if __name__ == "__main__":
    main()
