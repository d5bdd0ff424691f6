#!/usr/bin/python3
"""Offline reshaping of the saved captures with scapy (nothing here is ever sent on a network).

Shared helpers for the per-capture scripts, and the driver that generate.sh calls:

  /usr/bin/python3 pcaps/reshape.py            # runs every pcaps/**/X.pcap.py (and X.pcapng.py), writes X.pcap
  /usr/bin/python3 pcaps/tls/foo.pcap.py       # runs one of them

Each X.pcap.py defines build() -> list of packets (or bytes for a deliberately broken file) and may set
LINKTYPE. Inputs are the live captures already in pcaps/ (read with load("tls/facebook-www.pcap")) or, for
the Chromium captures, the raw captures generate.sh left in $SGCAP_RAW (load_raw("chromium-....pcap")).
"""
import importlib.util
import os
import struct
import subprocess
import sys
from pathlib import Path

from scapy.all import (IP, TCP, UDP, IPv6, Ether, PcapWriter, Raw, rdpcap)  # noqa: F401
from scapy.all import conf

conf.verb = 0
PCAPS = Path(__file__).resolve().parent
MAX_SIZE = 50 * 1024


# ------------------------------------------------------------------ reading and writing
def load(rel):
    """Packets of a capture already in pcaps/ (relative path)."""
    return list(rdpcap(str(PCAPS / rel)))


def load_raw(name):
    raw = os.environ.get("SGCAP_RAW")
    if not raw or not (Path(raw) / name).exists():
        sys.exit(f"{name}: raw capture not found; run pcaps/generate.sh (it sets SGCAP_RAW)")
    return list(rdpcap(str(Path(raw) / name)))


def write(path, pkts, linktype=None):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(pkts, (bytes, bytearray)):
        path.write_bytes(pkts)
    else:
        if linktype is None:
            with PcapWriter(str(path), sync=True) as w:
                for p in pkts:
                    w.write(p)
        else:   # an explicit link type: write the packets' bytes as they are, in a classic pcap file
            out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, linktype)]
            for p in pkts:
                data, usec = bytes(p), int(round(float(p.time) * 1e6))
                out.append(struct.pack("<IIII", usec // 1000000, usec % 1000000, len(data), len(data)) + data)
            path.write_bytes(b"".join(out))
    size = path.stat().st_size
    if size >= MAX_SIZE:
        sys.exit(f"{path}: {size} bytes, over the {MAX_SIZE}-byte limit")
    return size


def rebuild(p):
    """Recomputes lengths and checksums (IPv4 total length/checksum, IPv6 payload length, TCP/UDP checksums)
    and returns a freshly dissected packet with the same timestamp."""
    q = p.copy()
    if IP in q:
        del q[IP].len
        del q[IP].chksum
        del q[IP].ihl
    if IPv6 in q:
        del q[IPv6].plen
    if TCP in q:
        del q[TCP].chksum
    if UDP in q:
        del q[UDP].len
        del q[UDP].chksum
    r = q.__class__(bytes(q))
    r.time = p.time
    return r


# ------------------------------------------------------------------ TCP / TLS helpers
def payload(p):
    return bytes(p[TCP].payload) if TCP in p else b""


def client_hello_index(pkts):
    """Index of the first TCP segment that starts a TLS ClientHello record."""
    for i, p in enumerate(pkts):
        d = payload(p)
        if len(d) > 5 and d[0] == 0x16 and d[5] == 0x01:
            return i
    raise ValueError("no ClientHello")


def sni_offset(data, name):
    """Offset of the server_name bytes inside the ClientHello bytes."""
    off = data.find(name.encode())
    if off < 0:
        raise ValueError(f"SNI {name} not found")
    return off


def segment(p, seq_offset, data, t):
    """A copy of TCP segment p carrying `data` at relative sequence offset `seq_offset`, at time t."""
    q = p.copy()
    q[TCP].seq = (p[TCP].seq + seq_offset) & 0xFFFFFFFF
    q[TCP].remove_payload()
    q[TCP].add_payload(Raw(data))
    q = rebuild(q)
    q.time = t
    return q


def replace_segment(pkts, index, pieces, gap=0.00002, seq_delta=0):
    """Replaces pkts[index] by the (seq_offset, data) pieces, in the order given, `gap` seconds apart.
    Later packets move by the time the pieces take. If the pieces carry seq_delta more bytes than the
    original, later client sequence numbers and server acknowledgements after it move too."""
    p = pkts[index]
    t0 = p.time
    new = []
    for k, (off, data) in enumerate(pieces):
        q = segment(p, off, data, t0 + k * gap)
        if IP in q:
            q[IP].id = (p[IP].id + k) & 0xFFFF
            q = rebuild(q)
            q.time = t0 + k * gap
        new.append(q)
    shift = len(pieces) * gap
    end_seq = (p[TCP].seq + len(payload(p))) & 0xFFFFFFFF
    csrc, cport = addr(p, "src"), p[TCP].sport
    out = pkts[:index] + new
    for q in pkts[index + 1:]:
        q = q.copy()
        t = q.time + shift
        if seq_delta and TCP in q:
            if addr(q, "src") == csrc and q[TCP].sport == cport and seq_ge(q[TCP].seq, end_seq):
                q[TCP].seq = (q[TCP].seq + seq_delta) & 0xFFFFFFFF
            elif addr(q, "dst") == csrc and q[TCP].dport == cport and q[TCP].flags.A \
                    and seq_ge(q[TCP].ack, end_seq):
                q[TCP].ack = (q[TCP].ack + seq_delta) & 0xFFFFFFFF
            q = rebuild(q)
        q.time = t
        out.append(q)
    return out


def seq_ge(a, b):
    return ((a - b) & 0xFFFFFFFF) < 0x80000000


def addr(p, which):
    layer = p[IP] if IP in p else p[IPv6]
    return getattr(layer, which)


def first_tcp_flow(pkts, dport=443):
    """Only the packets of the first TCP connection to dport (by its first SYN)."""
    for p in pkts:
        if TCP in p and p[TCP].dport == dport and p[TCP].flags.S and not p[TCP].flags.A:
            key = (addr(p, "src"), p[TCP].sport, addr(p, "dst"), p[TCP].dport)
            break
    else:
        raise ValueError("no SYN")

    def match(q):
        if TCP not in q:
            return False
        k = (addr(q, "src"), q[TCP].sport, addr(q, "dst"), q[TCP].dport)
        return k == key or k == (key[2], key[3], key[0], key[1])
    return [q for q in pkts if match(q)]


def tls_record(content_type, body, version=0x0301):
    return struct.pack("!BHH", content_type, version, len(body)) + body


# ------------------------------------------------------------------ per-capture script support
def main(script, build):
    """Called by X.pcap.py when run directly: writes X.pcap next to the script."""
    mod = sys.modules["__main__"]
    out = str(script)[:-3]
    size = write(out, build(), getattr(mod, "LINKTYPE", None))
    print(f"{size:7d}  {os.path.relpath(out, PCAPS)}")


def run_all():
    sys.dont_write_bytecode = True
    sys.path.insert(0, str(PCAPS))
    scripts = sorted(PCAPS.rglob("*.pcap.py")) + sorted(PCAPS.rglob("*.pcapng.py"))
    for script in scripts:
        spec = importlib.util.spec_from_file_location("sgcap_" + script.stem.replace(".", "_").replace("-", "_"),
                                                      script)
        out = str(script)[:-3]
        if "def build(" not in script.read_text():
            # a script with its own main() (writes its own output): run it as a program
            subprocess.run([sys.executable, str(script)], check=True, stdout=subprocess.DEVNULL)
            print(f"{Path(out).stat().st_size:7d}  {os.path.relpath(out, PCAPS)}")
            continue
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        size = write(out, mod.build(), getattr(mod, "LINKTYPE", None))
        print(f"{size:7d}  {os.path.relpath(out, PCAPS)}")


if __name__ == "__main__":
    run_all()
