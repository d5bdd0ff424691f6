#!/usr/bin/python3
"""Derives hillside-five-people.pcap from school-morning.pcap (real OpenSSL/curl traffic, see
pcaps/README.md): the pupil's TLS flows to www.facebook.com, www.instagram.com and x.com, replayed from five
Hillside addresses - a pupil (10.20.0.50), a member of staff (10.30.0.60), the headteacher's laptop
(10.30.0.10), the office PC (10.30.0.12) and a visitor (10.40.0.7) - each flow with its own client port and
a second between people. Offline rewriting only; nothing is sent.

Run: /usr/bin/python3 pcaps/demo/hillside-five-people.pcap.py   (needs python3-scapy)
"""
import os

from scapy.all import IP, TCP, Ether, rdpcap, wrpcap

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "school-morning.pcap")
OUTPUT = os.path.join(HERE, "hillside-five-people.pcap")
PUPIL = "10.20.0.50"
SERVICES = {"203.0.113.10", "203.0.113.20", "203.0.113.12"}  # facebook, instagram, x in the demo capture
PEOPLE = ["10.20.0.50", "10.30.0.60", "10.30.0.10", "10.30.0.12", "10.40.0.7"]


def social_flows(packets):
    """The pupil's TLS flows to the three services, as lists of packets keyed by client port."""
    flows = {}
    for p in packets:
        if IP not in p or TCP not in p:
            continue
        ip, tcp = p[IP], p[TCP]
        if ip.src == PUPIL and ip.dst in SERVICES and tcp.dport == 443:
            flows.setdefault(tcp.sport, []).append(p)
        elif ip.dst == PUPIL and ip.src in SERVICES and tcp.sport == 443:
            flows.setdefault(tcp.dport, []).append(p)
    return flows


def main():
    packets = rdpcap(SOURCE)
    flows = social_flows(packets)
    out = []
    start = float(packets[0].time)
    for person_index, person in enumerate(PEOPLE):
        for flow_index, (port, flow) in enumerate(sorted(flows.items())):
            new_port = 40000 + person_index * 10 + flow_index
            first = float(flow[0].time)
            for p in flow:
                q = p.copy()
                if q[IP].src == PUPIL:
                    q[IP].src, q[TCP].sport = person, new_port
                else:
                    q[IP].dst, q[TCP].dport = person, new_port
                del q[IP].chksum
                del q[TCP].chksum
                rebuilt = Ether(bytes(q))  # recomputes the checksums deleted above
                rebuilt.time = start + person_index * 1.0 + flow_index * 0.2 + (float(p.time) - first)
                out.append(rebuilt)
    out.sort(key=lambda p: float(p.time))
    wrpcap(OUTPUT, out)
    print(f"{OUTPUT}: {len(out)} packets, {len(PEOPLE) * len(flows)} flows")


if __name__ == "__main__":
    main()
