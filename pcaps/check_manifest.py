#!/usr/bin/python3
"""Checks pcaps/manifest.yaml against the captures with tshark (Debian's tshark + python3-yaml).

For every capture listed (bad/ is not listed) it asks tshark for every TCP and UDP flow and the names it
carries (TLS SNI, DNS query names and answers, HTTP Host, CONNECT target), with IP reassembly ON (the engine
reassembles IPv4 and IPv6 fragments, gateway/decode/ip_reassembler.h) and TCP reassembly ON. Then, for every capture:
  * the multiset of flows (transport, client, server, server_port) must equal the manifest's flows;
  * host_source tls/http/http_connect: the flow itself must carry that name (normalised);
    host_source dns on a DNS flow: its query name; on another flow: an earlier DNS answer in the same
    capture maps the server address to that name, and the flow itself carries no name;
    host_source socks: the SOCKS request names it (tshark decodes SOCKS on port 1080): the SOCKS5 or SOCKS4a
    name, or for SOCKS4 (an address only) the address asked for;
    host_source quic: the SNI of the ClientHello in the QUIC Initial packets (tshark decrypts v1 and draft-29);
    host_source ip or no host: the flow carries no name;
  * observations must equal what the TCP sequence numbers and TLS records show for the ClientHello;
  * service must follow from the host's domain (or, for host_source ip, be given);
  * techniques (optional, per flow and per capture) must be wire names from TECHNIQUES; a capture's list must
    hold every technique of its flows (it may add capture-wide ones such as repeated_attempts); a capture
    marked benign must list none;
  * every capture file in pcaps/ (except bad/) must be listed.
Prints one line per capture and exits 1 on any difference.   Usage: check_manifest.py [MANIFEST]
"""
import collections
import ipaddress
import subprocess
import sys
from pathlib import Path

import yaml

PCAPS = Path(__file__).resolve().parent
# The shipped catalogue's domains: a host's service is that of its longest listed suffix (whole labels).
CATALOGUE = PCAPS.parent / "config" / "catalogue" / "services.yaml"
SERVICES = yaml.safe_load(CATALOGUE.read_text())["services"]
SERVICE_OF_DOMAIN = {domain: name for name, service in SERVICES.items() for domain in service["domains"]}
# Published ranges: a flow whose name lies about its address (technique domain_fronting) is the range's service.
SERVICE_OF_RANGE = [(ipaddress.ip_network(cidr), name) for name, service in SERVICES.items()
                    for cidr in service.get("ip_ranges", [])]
FIELDS = ["frame.number", "ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "tcp.srcport", "tcp.dstport", "udp.srcport",
          "udp.dstport", "tcp.flags.syn", "tcp.flags.ack", "tls.handshake.extensions_server_name", "dns.qry.name",
          "dns.flags.response", "dns.a", "dns.aaaa", "http.host", "http.request.method", "http.request.uri",
          "tcp.seq", "tcp.len", "tls.handshake.type", "tls.handshake.length", "tls.handshake.fragment.count",
          "socks.remote_name", "socks.v4a_dns_name", "socks.version",
          "socks.command", "socks.dst"]
# The circumvention techniques' wire names (classifiers/circumvention/technique.h).
TECHNIQUES = {"vpn.openvpn", "vpn.wireguard", "vpn.ipsec", "vpn.l2tp", "vpn.pptp", "vpn.app", "tor",
              "proxy.http_connect", "proxy.http_absolute", "proxy.socks", "proxy.site", "dns.doh", "dns.dot",
              "dns.doq", "dns.dnscrypt", "dns.external_resolver", "quic", "tls.ech", "tls.fragmented_client_hello",
              "tls.record_split", "tcp.out_of_order", "tcp.decoy", "tcp.overlap", "quic.mixed_names", "padding", "ip.fragment_overlap", "domain_fronting", "ip_literal", "dns.tunnel", "obfuscated", "repeated_attempts"}
MIN_NATURAL_SEGMENT = 536  # the smallest MSS a real TCP stack sends (RFC 879); smaller non-final segments are deliberate


def service_at(address):
    return next((name for network, name in SERVICE_OF_RANGE if ipaddress.ip_address(address) in network), None)


def norm(name):
    return name.strip().rstrip(".").lower() if name else name


def service_of(host):
    labels = host.split(".")
    for i in range(len(labels)):     # longest suffix first
        service = SERVICE_OF_DOMAIN.get(".".join(labels[i:]))
        if service:
            return service
    return None


def packets(path):
    out = subprocess.run(["tshark", "-r", str(path), "-o", "ip.defragment:TRUE", "-o", "ipv6.defragment:TRUE",
                          "-o", "tcp.reassemble_out_of_order:TRUE",
                          "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"]
                         + sum((["-e", f] for f in FIELDS), []),
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        yield dict(zip(FIELDS, line.split("\t")))


def inventory(path):
    """Flows in first-packet order: {key: {transport, client, server, server_port, names, dns_answers}}"""
    flows = collections.OrderedDict()
    answers = []          # (frame, address, name) from DNS responses, in order
    for p in packets(path):
        src = (p["ip.src"] or p["ipv6.src"]).split(",")[-1]
        dst = (p["ip.dst"] or p["ipv6.dst"]).split(",")[-1]
        if p["tcp.srcport"]:
            transport, sport, dport = "tcp", int(p["tcp.srcport"]), int(p["tcp.dstport"])
        elif p["udp.srcport"]:
            transport, sport, dport = "udp", int(p["udp.srcport"]), int(p["udp.dstport"])
        else:
            continue      # no TCP or UDP: another protocol, or a fragment of a datagram not whole yet
        a, b = (src, sport), (dst, dport)
        key = (transport,) + tuple(sorted([a, b]))
        if key not in flows:
            # client: the SYN sender for TCP, the first sender otherwise
            client, server = (b, a) if (transport == "tcp" and p["tcp.flags.syn"] in ("1", "True")
                                        and p["tcp.flags.ack"] in ("1", "True")) else (a, b)
            flows[key] = {"transport": transport, "client": client[0], "client_port": client[1],
                          "server": server[0], "server_port": server[1], "names": set(), "first": int(p["frame.number"]),
                          "segments": [], "ch_bytes": None, "ch_start": 1}
        f = flows[key]
        if transport == "tcp" and (src, sport) == (f["client"], f["client_port"]) and int(p["tcp.len"] or 0) > 0:
            syn = 1 if p["tcp.flags.syn"] in ("1", "True") else 0      # SYN data starts at ISN+1 (RFC 9293 3.4)
            f["segments"].append((int(p["tcp.seq"]) + syn, int(p["tcp.len"])))
            if p["http.request.method"] == "CONNECT" or p["socks.version"]:
                # the tunnelled ClientHello starts after the CONNECT request or the SOCKS handshake
                f["ch_start"] = int(p["tcp.seq"]) + int(p["tcp.len"])
        types = p["tls.handshake.type"].split(",")
        if "1" in types and f["ch_bytes"] is None:
            length = int(p["tls.handshake.length"].split(",")[types.index("1")])
            records = int(p["tls.handshake.fragment.count"] or 1)
            f["ch_bytes"] = 4 + length + 5 * records
            f["ch_records"] = records
        for sni in filter(None, p["tls.handshake.extensions_server_name"].split(",")):
            f["names"].add(("tls", norm(sni)))
        if p["dns.qry.name"]:
            f["names"].add(("dns", norm(p["dns.qry.name"].split(",")[0])))
            if p["dns.flags.response"] in ("1", "True"):
                for address in filter(None, (p["dns.a"] + "," + p["dns.aaaa"]).split(",")):
                    answers.append((int(p["frame.number"]), str(ipaddress.ip_address(address)),
                                    norm(p["dns.qry.name"].split(",")[0])))
        if p["socks.remote_name"]:
            f["names"].add(("socks", norm(p["socks.remote_name"].split(",")[0])))
        elif p["socks.v4a_dns_name"]:
            f["names"].add(("socks", norm(p["socks.v4a_dns_name"].split(",")[0])))
        elif (p["socks.version"] == "4" and p["socks.command"] == "1" and p["socks.dst"]
              and (src, sport) == (f["client"], f["client_port"])):
            f["names"].add(("socks", p["socks.dst"].split(",")[0]))     # SOCKS4: an address, no name
        if p["http.request.method"] == "CONNECT":
            f["names"].add(("http_connect", norm(p["http.request.uri"].rsplit(":", 1)[0])))
        elif p["http.host"]:
            for host in p["http.host"].split(","):            # pipelined requests in one segment: each Host
                f["names"].add(("http", norm(host.split(":")[0])))
    for key, f in flows.items():
        f["key"] = key
        f["observations"] = observations(f)
    return list(flows.values()), answers


def add_segment_names(path, flows):
    """Adds segment_names() to the flows' names (asked only when the reassembled reading misses a name)."""
    extra = segment_names(path)
    for f in flows:
        f["names"] |= extra.get(f["key"], set())


def segment_names(path):
    """Names that single TCP segments carry as they are, read without TCP analysis or reassembly: a whole
    ClientHello that tshark's reassembly hides because an earlier segment (a decoy the server drops) covered
    the same bytes first, and an HTTP request after empty lines (RFC 9112 2.2), which tshark's HTTP dissector
    does not recognise. {flow key: {(source, name)}}, keyed as in inventory()."""
    fields = ["ip.src", "ip.dst", "tcp.srcport", "tcp.dstport", "tls.handshake.extensions_server_name", "tcp.payload",
              "ip.flags.mf", "ip.frag_offset"]
    out = subprocess.run(["tshark", "-r", str(path), "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
                          "-o", "tcp.analyze_sequence_numbers:FALSE", "-o", "tcp.desegment_tcp_streams:FALSE",
                          "-Y", "tcp.len > 0", "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a",
                          "-E", "aggregator=,"] + sum((["-e", f] for f in fields), []),
                         capture_output=True, text=True, check=True).stdout
    names = collections.defaultdict(set)
    for line in out.splitlines():
        p = dict(zip(fields, line.split("\t")))
        if not p["ip.src"] or not p["tcp.srcport"] or p["ip.flags.mf"] in ("1", "True") \
                or (p["ip.frag_offset"] or "0") not in ("0", ""):
            continue
        a, b = (p["ip.src"].split(",")[-1], int(p["tcp.srcport"])), (p["ip.dst"].split(",")[-1], int(p["tcp.dstport"]))
        key = ("tcp",) + tuple(sorted([a, b]))
        for sni in filter(None, p["tls.handshake.extensions_server_name"].split(",")):
            names[key].add(("tls", norm(sni)))
        named = request_after_empty_lines(bytes.fromhex(p["tcp.payload"].split(",")[-1].replace(":", "")))
        if named:
            names[key].add((named[0], norm(named[1])))
    return names


def request_after_empty_lines(data):
    """(source, name) of an HTTP/1.x request that follows one or more empty lines: ("http_connect", target) for
    CONNECT, else ("http", its Host); or None."""
    if not data.startswith(b"\r\n"):
        return None
    head = data.lstrip(b"\r\n").split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    words = head[0].split(b" ")
    if len(words) != 3 or not words[2].startswith(b"HTTP/1."):
        return None
    if words[0] == b"CONNECT":
        return "http_connect", words[1].decode("ascii", "replace").rsplit(":", 1)[0]
    hosts = [h.split(b":", 1)[1].strip() for h in head[1:] if h.lower().startswith(b"host:")]
    return ("http", hosts[0].decode("ascii", "replace").split(":")[0]) if len(hosts) == 1 else None


def observations(f):
    """tls.fragmented_client_hello: a ClientHello segment other than the last was smaller than a real stack
    sends (MIN_NATURAL_SEGMENT); tls.record_split: in more than one TLS record; tcp.out_of_order: a ClientHello
    segment arrived before an earlier one. None when the ClientHello is not visible (then not checked)."""
    if not f["ch_bytes"]:
        return None
    start = f["ch_start"]                         # relative sequence numbers: the first data byte is 1
    end = start + f["ch_bytes"]
    segs = [(seq, n) for seq, n in f["segments"] if start <= seq < end]
    obs = []
    in_stream_order = sorted(set(segs))          # a retransmission of the same range is no new piece
    if any(n < MIN_NATURAL_SEGMENT for _, n in in_stream_order[:-1]):
        obs.append("tls.fragmented_client_hello")
    if f["ch_records"] > 1:
        obs.append("tls.record_split")
    contiguous = start
    for seq, n in segs:
        if seq > contiguous:
            obs.append("tcp.out_of_order")
            break
        contiguous = max(contiguous, seq + n)
    return obs


def check(entry):
    path = PCAPS / entry["file"]
    problems = []
    flows, answers = inventory(path)
    segments_read = False
    want = collections.Counter((f["transport"], f["client"], f["server"], f["server_port"]) for f in entry["flows"])
    have = collections.Counter((f["transport"], f["client"], f["server"], f["server_port"]) for f in flows)
    if want != have:
        problems.append(f"flows differ: manifest-only {dict(want - have)}, capture-only {dict(have - want)}")
        return problems, flows
    pool = list(flows)
    for m in entry["flows"]:
        sel = (m["transport"], m["client"], m["server"], m["server_port"])
        cands = [f for f in pool if (f["transport"], f["client"], f["server"], f["server_port"]) == sel]
        host, src, service = m.get("host"), m.get("host_source"), m.get("service")

        def ok(f):
            names = f["names"]
            if src in ("tls", "http", "http_connect", "socks"):
                return (src, host) in names
            if src == "quic":
                return ("tls", host) in names
            if src == "dns" and m["server_port"] == 53:
                return ("dns", host) in names
            if src == "dns":
                return not names and any(fr < f["first"] and a == m["server"] and n == host for fr, a, n in answers)
            return not names and host is None
        match = next((f for f in cands if ok(f)), None)
        if match is None and not segments_read:
            add_segment_names(path, flows)
            segments_read = True
            match = next((f for f in cands if ok(f)), None)
        if match is None:
            problems.append(f"{sel} host={host} source={src}: not what the capture carries "
                            f"{[sorted(f['names']) for f in cands]}")
            continue
        pool.remove(match)
        expect = service_of(host) if host else (service if src == "ip" else None)
        if "domain_fronting" in m.get("techniques", []):
            expect = service_at(m["server"])   # the address wins over a name that is not its service
        if "tcp.overlap" in m.get("techniques", []) and service != expect:
            # copies that disagree: a listed service named by any copy is the flow's
            expect = next((service_of(n) for _, n in match["names"] if service_of(n) == service), expect)
        if service != expect:
            problems.append(f"{sel} host={host}: service {service}, expected {expect}")
        if match["observations"] is not None and sorted(m.get("observations", [])) != sorted(match["observations"]):
            problems.append(f"{sel} host={host}: observations {m.get('observations', [])}, "
                            f"capture shows {match['observations']}")
        if host is not None and host != norm(host):
            problems.append(f"{sel}: host {host} is not normalised")
    problems += technique_problems(entry)
    if entry.get("never_named") and not segments_read:
        add_segment_names(path, flows)
    carried = set().union(*(f["names"] for f in flows)) if flows else set()
    problems += [f"never_named {n}: the capture does not carry it (nothing for the engine to leave out)"
                 for n in entry.get("never_named", []) if not any(name == norm(n) for _, name in carried)]
    return problems, flows


def technique_problems(entry):
    problems = []
    flow_techniques = set()
    for m in entry["flows"]:
        listed = m.get("techniques", [])
        flow_techniques.update(listed)
        problems += [f"flow to {m['server']}:{m['server_port']}: unknown technique {t}" for t in listed
                     if t not in TECHNIQUES]
    capture_techniques = entry.get("techniques")
    if capture_techniques is not None:
        problems += [f"unknown technique {t}" for t in capture_techniques if t not in TECHNIQUES]
        if not flow_techniques <= set(capture_techniques):
            problems.append(f"capture techniques {capture_techniques} miss flow techniques "
                            f"{sorted(flow_techniques - set(capture_techniques))}")
    if entry.get("benign") and (flow_techniques or capture_techniques):
        problems.append("marked benign but lists techniques")
    return problems


def main():
    manifest_path = Path(sys.argv[1]) if len(sys.argv) > 1 else PCAPS / "manifest.yaml"
    manifest = yaml.safe_load(manifest_path.read_text())
    listed = {e["file"] for e in manifest["captures"]}
    passed = failed = 0
    for entry in manifest["captures"]:
        problems, flows = check(entry)
        print(f"{'ok' if not problems else 'FAIL':4} {entry['file']} ({len(flows)} flows, "
              f"{(PCAPS / entry['file']).stat().st_size} bytes)")
        for p in problems:
            print(f"     - {p}")
        passed, failed = (passed + 1, failed) if not problems else (passed, failed + 1)
    on_disk = {str(p.relative_to(PCAPS)) for p in PCAPS.rglob("*") if p.suffix in (".pcap", ".pcapng")}
    for missing in sorted(f for f in on_disk - listed if not f.startswith("bad/")):
        print(f"FAIL {missing}: not in the manifest")
        failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
