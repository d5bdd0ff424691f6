#!/usr/bin/python3
"""The flows pcaps/generate-services.sh makes, as data: one table, so the generator and the manifest agree.

  services-list.py shell      -- lines for the generator: KIND ADDRESS NAME (tls, http, dns, quic, trap)
  services-list.py manifest   -- the manifest entries (YAML) for pcaps/services/, to paste into manifest.yaml

Every service in the catalogue besides the first three (which have captures of their own in tls/, dns/, http/)
gets a capture of TLS connections from curl to its web, app-API and CDN names; a few DNS, plain HTTP and QUIC
flows; and the look-alike traps: real sites whose names start or end like a service's, a service's name under
someone else's domain, and names one letter off, none of which is any service.
"""
import sys

# service -> (server address, [(name, expected service)]); a name on a service's shared infrastructure
# expects the service that lists it (Threads' media from Instagram's CDN is instagram).
SERVICES = {
    "threads": ("203.0.113.101", [("www.threads.net", "threads"), ("www.threads.com", "threads"),
                                  ("scontent-lhr8-1.cdninstagram.com", "instagram")]),
    "whatsapp": ("203.0.113.102", [("web.whatsapp.com", "whatsapp"), ("media-lhr8-1.cdn.whatsapp.net", "whatsapp"),
                                   ("wa.me", "whatsapp")]),
    "tiktok": ("203.0.113.103", [("www.tiktok.com", "tiktok"), ("api22-normal-c-alisg.tiktokv.com", "tiktok"),
                                 ("p16-tiktok-va.ibyteimg.com", "tiktok")]),
    "snapchat": ("203.0.113.104", [("www.snapchat.com", "snapchat"), ("app.snapchat.com", "snapchat"),
                                   ("cf-st.sc-cdn.net", "snapchat")]),
    "telegram": ("203.0.113.105", [("web.telegram.org", "telegram"), ("t.me", "telegram"),
                                   ("cdn4.cdn-telegram.org", "telegram")]),
    "discord": ("203.0.113.106", [("discord.com", "discord"), ("gateway.discord.gg", "discord"),
                                  ("cdn.discordapp.com", "discord")]),
    "youtube": ("203.0.113.107", [("www.youtube.com", "youtube"), ("i.ytimg.com", "youtube"),
                                  ("rr1---sn-aigl6nze.googlevideo.com", "youtube"), ("youtubei.googleapis.com", "youtube")]),
    "reddit": ("203.0.113.108", [("www.reddit.com", "reddit"), ("i.redd.it", "reddit"),
                                 ("www.redditstatic.com", "reddit")]),
    "bluesky": ("203.0.113.109", [("bsky.app", "bluesky"), ("public.api.bsky.app", "bluesky"),
                                  ("enoki.us-east.host.bsky.network", "bluesky")]),
    "pinterest": ("203.0.113.110", [("www.pinterest.co.uk", "pinterest"), ("i.pinimg.com", "pinterest")]),
    "twitch": ("203.0.113.111", [("www.twitch.tv", "twitch"), ("gql.twitch.tv", "twitch"),
                                 ("static-cdn.jtvnw.net", "twitch")]),
    "tumblr": ("203.0.113.112", [("www.tumblr.com", "tumblr"), ("64.media.tumblr.com", "tumblr")]),
    "linkedin": ("203.0.113.113", [("www.linkedin.com", "linkedin"), ("static.licdn.com", "linkedin")]),
    "signal": ("203.0.113.114", [("chat.signal.org", "signal"), ("cdn2.signal.org", "signal"),
                                 ("textsecure-service.whispersystems.org", "signal")]),
    "soundcloud": ("203.0.113.115", [("soundcloud.com", "soundcloud"), ("api-v2.soundcloud.com", "soundcloud"),
                                     ("i1.sndcdn.com", "soundcloud")]),
    "bereal": ("203.0.113.116", [("bere.al", "bereal"), ("mobile.bereal.com", "bereal"),
                                 ("cdn.bereal.network", "bereal")]),
    "yubo": ("203.0.113.117", [("www.yubo.live", "yubo"), ("yubo.live", "yubo")]),
    "wechat": ("203.0.113.118", [("web.wechat.com", "wechat"), ("long.weixin.qq.com", "wechat"),
                                 ("mmsns.qpic.cn", "wechat")]),
    "kick": ("203.0.113.119", [("kick.com", "kick"), ("files.kick.com", "kick")]),
}
TRAP_ADDRESS = "192.0.2.66"
# For each service at least one real site whose name starts or ends like it, its name under someone else's
# domain, or a name one letter off; and hosts under the shared parents the catalogue lists only some of.
TRAPS = {
    "threads": ["threadless.com", "thread.net", "threads.net.evil.example"],
    "whatsapp": ["watsapp.com", "whatsapp.com.evil.example", "mywhatsapp.net"],
    "tiktok": ["tiktok.example.org", "tiktokk.com", "mytiktok.com", "p16-capcut-va.ibyteimg.com"],
    "snapchat": ["snapfish.com", "snapchat.example.net", "snapchatt.com", "school-app.appspot.com"],
    "telegram": ["telegraph.co.uk", "telegram.hr", "telegrarn.org"],
    "discord": ["discord.js.org", "discordd.com"],
    "youtube": ["youtubee.com", "notyoutube.com", "youtube.com.evil.example", "fonts.googleapis.com",
                "lh3.googleusercontent.com", "classroom.google.com"],
    "reddit": ["reddit.example.org", "redditt.com"],
    "bluesky": ["bsky.app.evil.example", "bskyapp.com", "bluesky.example.org"],
    "pinterest": ["pinterest.example.org", "pinterests.com", "pin.it.evil.example"],
    "twitch": ["twitchy.com", "twich.tv", "twitch.example.org", "abc123.us-west-2.playback.live-video.net"],
    "tumblr": ["tumbler.com", "tumblr.example.org"],
    "linkedin": ["linkedln.com", "linkedin.example.org"],
    "signal": ["signalhire.com", "signal.co", "signal.org.evil.example"],
    "soundcloud": ["soundclound.com", "soundcloud.example.org", "mysoundcloud.com"],
    "bereal": ["bereal.co", "notbereal.com", "bereal.example.org"],
    "yubo": ["yubico.com", "yubo.example.org"],
    "wechat": ["wechats.com", "wechat.example.org", "qq.com", "v.qq.com"],
    "kick": ["kickstarter.com", "kick.co", "kick.example.org"],
}
DNS = ["threads", "whatsapp", "tiktok", "snapchat", "telegram", "discord", "youtube", "reddit", "bluesky",
       "pinterest", "twitch", "tumblr", "linkedin", "signal", "soundcloud", "bereal", "yubo", "wechat", "kick"]
HTTP = ["reddit", "tumblr", "pinterest", "soundcloud", "kick"]
QUIC = ["youtube", "tiktok", "snapchat"]
DNS_SERVER = "203.0.113.53"
PUPIL = "10.20.0.50"


def first(service):
    return SERVICES[service][1][0][0]


def shell():
    for service, (address, names) in SERVICES.items():
        for name, _ in names:
            print("tls", service, address, name)
    for service, names in TRAPS.items():
        for name in names:
            print("trap", service, TRAP_ADDRESS, name)
    for service in DNS:
        print("dns", service, SERVICES[service][0], first(service))
    for service in HTTP:
        print("http", service, SERVICES[service][0], first(service))
    for service in QUIC:
        print("quic", service, SERVICES[service][0], first(service))


def flow(transport, server, port, host, source, service):
    entry = {"transport": transport, "client": PUPIL, "server": server, "server_port": port, "host": host,
             "host_source": source}
    if service:
        entry["service"] = service
    if transport == "udp" and port == 443:
        entry["techniques"] = ["quic"]
    return entry


def manifest():
    import yaml
    captures = []
    for service, (address, names) in SERVICES.items():
        captures.append({"file": f"services/{service}.pcap",
                         "doc": f"curl to {', '.join(n for n, _ in names)} ({address}) from the pupil: "
                                f"TLS 1.3, SNI the service's web, app-API and CDN names.",
                         "flows": [flow("tcp", address, 443, n, "tls", s) for n, s in names]})
    traps = [n for names in TRAPS.values() for n in names]
    captures.append({"file": "services/lookalikes.pcap",
                     "doc": "curl to " + TRAP_ADDRESS + " with look-alike SNIs, at least one per service (real sites "
                            "that start or end like a service, a service's name under another domain, one letter off, "
                            "hosts under shared parents the catalogue lists only some of): none is any service.",
                     "flows": [flow("tcp", TRAP_ADDRESS, 443, n, "tls", None) for n in traps]})
    captures.append({"file": "services/dns-lookups.pcap",
                     "doc": "dig A to the school's resolver (dnsmasq on " + DNS_SERVER + ") for one name of each "
                            "service: every query named from its question.",
                     "flows": [flow("udp", DNS_SERVER, 53, first(s), "dns", s) for s in DNS]})
    captures.append({"file": "services/http-host.pcap",
                     "doc": "curl plain HTTP to " + ", ".join(first(s) for s in HTTP) + ": named from Host.",
                     "flows": [flow("tcp", SERVICES[s][0], 80, first(s), "http", s) for s in HTTP]})
    for s in QUIC:
        captures.append({"file": f"services/quic-{s}.pcap",
                         "doc": f"ngtcp2 0.12 gtlsclient -v v1 to gtlsserver on {SERVICES[s][0]}:443 (HTTP/3 GET "
                                f"https://{first(s)}/): QUIC v1 Initial with SNI {first(s)}.",
                         "techniques": ["quic"],
                         "flows": [flow("udp", SERVICES[s][0], 443, first(s), "quic", s)]})
    yaml.safe_dump(captures, sys.stdout, sort_keys=False, width=120, default_flow_style=None)


if __name__ == "__main__":
    {"shell": shell, "manifest": manifest}[sys.argv[1] if len(sys.argv) > 1 else "shell"]()
