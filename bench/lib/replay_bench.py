#!/usr/bin/env python3
"""bench/replay's measuring half: the libpcap floor, Debian's ndpiReader and schoolgate replay on one
capture, interleaved run by run (floor, ndpiReader, schoolgate, floor, ...) so that the noise of a shared
machine falls on all three alike. Prints a table and writes JSON. See bench/replay for the set-up."""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runner  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--capture", required=True)
    ap.add_argument("--floor", required=True, help="pcaploop binary")
    ap.add_argument("--ndpireader", default="/usr/bin/ndpiReader")
    ap.add_argument("--schoolgate", required=True)
    ap.add_argument("--policy", required=True)
    ap.add_argument("--school-time", default="2026-03-04T10:15:00")
    ap.add_argument("--events", required=True, help="where schoolgate writes its JSON lines")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cpu", default="1", help="core to pin to ('' = no pinning)")
    ap.add_argument("--json", required=True)
    ap.add_argument("--extra", default="", help="extra schoolgate replay arguments, space-separated")
    ap.add_argument("--workers", type=int, default=2,
                    help="also run schoolgate replay --workers N on --workers-cpus (0 = skip)")
    ap.add_argument("--workers-cpus", default="0,1", help="cores for the multi-worker run")
    a = ap.parse_args()

    cpu = a.cpu if a.cpu != "" else None
    tools = [
        ("libpcap floor", "pcaploop", [a.floor, a.capture], runner.parse_pcaploop, "out"),
        ("ndpiReader 4.2", "ndpireader", [a.ndpireader, "-i", a.capture], runner.parse_ndpireader, "out"),
        ("schoolgate replay", "schoolgate",
         [a.schoolgate, "replay", a.capture, "--policy", a.policy, "--school-time", a.school_time,
          "--events", a.events] + (a.extra.split() if a.extra else []),
         runner.parse_schoolgate, "err"),
    ]
    # One core each for the peers and for schoolgate's single engine (the targets are per core); the
    # multi-worker run gets the cores it names, and is reported beside them, not in the ratios.
    pins = {key: (a.cpu if a.cpu != "" else None) for _, key, _, _, _ in tools}
    if a.workers > 1:
        key = f"schoolgate_workers{a.workers}"
        tools.append((f"schoolgate --workers {a.workers}", key,
                      tools[2][2] + ["--workers", str(a.workers)], runner.parse_schoolgate, "err"))
        pins[key] = a.workers_cpus or None
    info = runner.machine_info()
    # Warm the page cache so the first run of the first tool is not the only one reading from disk.
    with open(a.capture, "rb") as f:
        while f.read(1 << 24):
            pass

    runs = {key: [] for _, key, _, _, _ in tools}
    for i in range(a.runs):
        for label, key, cmd, parse, stream in tools:
            r = runner.run_timed(cmd, pin_cpu=pins[key])
            if r["rc"] != 0:
                runner.fail(f"{label} exited {r['rc']}: {' '.join(cmd)}\n{r['err'][-2000:]}")
            r.update(parse(r[stream] if stream == "out" else r["err"]))
            if "packets" in r and r["wall_s"] > 0:
                r["wall_pps"] = r["packets"] / r["wall_s"]
            if key == "schoolgate" and i == 0:
                r["events_bytes"] = os.path.getsize(a.events)
            for k in ("out", "err"):
                r.pop(k)
            runs[key].append(r)
            print(f"  run {i + 1}/{a.runs} {label:18s} wall {r['wall_s']:.2f} s  pps {r.get('pps', 0):,.0f}  "
                  f"RSS {r.get('rss_mb', 0):.0f} MB", file=sys.stderr, flush=True)

    result = {"capture": a.capture, "runs": a.runs, "pinned_cpu": cpu, "machine": info, "tools": {}}
    for label, key, cmd, _, _ in tools:
        med = runner.median_of(runs[key])
        med["label"] = label
        med["command"] = " ".join(cmd)
        for k in ("packets", "flows", "decided", "events", "evicted", "expired", "names_by_source", "services",
                  "events_bytes"):
            if k in runs[key][0]:
                med[k] = runs[key][0][k]
        med["each_run"] = runs[key]
        result["tools"][key] = med
    fl, nd, sg = (result["tools"][k] for k in ("pcaploop", "ndpireader", "schoolgate"))
    ratios = {
        "schoolgate_over_ndpireader_pps": sg["pps"] / nd["pps"],
        "schoolgate_over_ndpireader_wall_pps": sg["wall_pps"] / nd["wall_pps"],
        "schoolgate_over_floor_pps": sg["pps"] / fl["pps"],
        "schoolgate_over_floor_wall_pps": sg["wall_pps"] / fl["wall_pps"],
        "schoolgate_rss_over_ndpireader_rss": sg["rss_mb"] / nd["rss_mb"],
    }
    result["ratios"] = ratios
    result["targets"] = {
        "pps >= 8x ndpiReader": ratios["schoolgate_over_ndpireader_pps"] >= 8,
        "pps >= 0.5x libpcap floor": ratios["schoolgate_over_floor_pps"] >= 0.5,
        "peak RSS <= 1/3 ndpiReader": ratios["schoolgate_rss_over_ndpireader_rss"] <= 1 / 3,
    }
    runner.write_json(a.json, result)

    print(f"\ncapture: {a.capture}  ({fl.get('packets', 0):,} packets; ndpiReader counts "
          f"{nd.get('flows', 0):,} flows, schoolgate {sg.get('flows', 0):,})")
    print(f"medians of {a.runs} interleaved runs, pinned to core {cpu}; machine: {info.get('cpu')} "
          f"x{info.get('cores')}, load before {' '.join(info.get('load_before', []))}")
    print("| tool | packets/s (own clock) | packets/s (wall) | wall s | user s | peak RSS MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, key, _, _, _ in tools:
        t = result["tools"][key]
        print(f"| {label} | {t['pps']:,.0f} | {t['wall_pps']:,.0f} | {t['wall_s']:.2f} | "
              f"{t.get('user_s', 0):.2f} | {t['rss_mb']:.1f} |")
    print(f"\nschoolgate / ndpiReader: {ratios['schoolgate_over_ndpireader_pps']:.2f}x packets/s "
          f"({ratios['schoolgate_over_ndpireader_wall_pps']:.2f}x wall), "
          f"peak RSS {ratios['schoolgate_rss_over_ndpireader_rss']:.2f}x")
    print(f"schoolgate / floor:      {ratios['schoolgate_over_floor_pps']:.2f}x packets/s "
          f"({ratios['schoolgate_over_floor_wall_pps']:.2f}x wall)")
    if a.workers > 1:
        mw = result["tools"][f"schoolgate_workers{a.workers}"]
        ratios["workers_over_single_pps"] = mw["pps"] / sg["pps"]
        ratios["workers_over_ndpireader_pps"] = mw["pps"] / nd["pps"]
        runner.write_json(a.json, result)
        print(f"schoolgate --workers {a.workers} on cores {a.workers_cpus}: {ratios['workers_over_single_pps']:.2f}x "
              f"one worker, {ratios['workers_over_ndpireader_pps']:.2f}x ndpiReader (one core)")
    for name, ok in result["targets"].items():
        print(f"  target {name}: {'met' if ok else 'NOT met'}")
    print(f"JSON: {a.json}")


if __name__ == "__main__":
    main()
