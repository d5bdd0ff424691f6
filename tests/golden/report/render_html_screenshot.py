#!/usr/bin/env python3
"""Renders the HTML report of the demo captures in headless Chromium and checks the screenshot: a PNG of
the window's size, not blank, with the charts' bar colours in it. The page must render with no network
(Chromium is started with networking features off; the page's CSP forbids everything external anyway).

Usage: render_html_screenshot.py SCHOOLGATE_BINARY OUT.png
Exit 77 (SKIP) when Chromium is not installed; CI installs it (tools/setup/install-debian-deps.sh).
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from sg_replay import ROOT  # noqa: E402

WIDTH, HEIGHT = 1280, 2000
BLOCKED_RED = (0xc0, 0x39, 0x2b)        # tools/report/svg_chart.cc kBlockedColour
CIRCUMVENTION_AMBER = (0xd6, 0x89, 0x10)


def png_pixels(data):
    """Decodes an 8-bit RGB or RGBA, non-interlaced PNG into (width, height, rows of (r, g, b))."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, b"", None
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xff
            elif kind == 2:
                line[i] = (line[i] + b) & 0xff
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xff
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xff
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return width, height, rows


def main():
    binary, out_png = sys.argv[1], os.path.abspath(sys.argv[2])
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("SKIP: chromium is not installed (apt-get install chromium); the HTML report was NOT rendered")
        return 77
    tmp = tempfile.mkdtemp(prefix="sg-report-png-")
    try:
        policy = os.path.join(ROOT, "config", "examples", "hillside.yaml")
        files = []
        for name in ("hillside-circumvention.pcap", "school-morning.pcap"):
            path = os.path.join(tmp, name + ".jsonl")
            subprocess.run([binary, "replay", os.path.join(ROOT, "pcaps", "demo", name), "--policy", policy,
                            "--school-time", "2026-03-04T10:15:00", "--quiet", "--events", path], check=True)
            files.append(path)
        html = os.path.join(tmp, "report.html")
        subprocess.run([binary, "report", *files, "--policy", policy, "--format", "html", "--output", html], check=True)
        if os.path.exists(out_png):
            os.unlink(out_png)
        profile = os.path.join(tmp, "profile")
        proc = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                               "--disable-background-networking", "--disable-component-update", "--disable-sync",
                               f"--user-data-dir={profile}", f"--screenshot={out_png}", f"--window-size={WIDTH},{HEIGHT}",
                               "file://" + html], capture_output=True, text=True, timeout=120)
        if not os.path.exists(out_png):
            print(f"chromium wrote no screenshot (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
            return 1
        with open(out_png, "rb") as f:
            width, height, rows = png_pixels(f.read())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    failures = []
    if (width, height) != (WIDTH, HEIGHT):
        failures.append(f"screenshot is {width}x{height}, expected {WIDTH}x{HEIGHT}")
    pixels = [p for row in rows[::4] for p in row[::4]]
    not_white = sum(1 for p in pixels if p != (255, 255, 255))
    colours = set(pixels)
    if not_white < len(pixels) // 50:
        failures.append(f"screenshot is almost blank: {not_white} of {len(pixels)} sampled pixels are not white")
    if len(colours) < 10:
        failures.append(f"screenshot has only {len(colours)} colours")
    near = lambda p, c: all(abs(p[i] - c[i]) <= 8 for i in range(3))  # noqa: E731
    for name, colour in (("blocked red", BLOCKED_RED), ("circumvention amber", CIRCUMVENTION_AMBER)):
        if not any(near(p, colour) for p in pixels):
            failures.append(f"no {name} bars in the screenshot (the SVG charts did not render)")
    print(f"{out_png}: {width}x{height}, {not_white}/{len(pixels)} sampled pixels not white, {len(colours)} colours")
    for failure in failures:
        print(f"  - {failure}")
    print("ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
