/* The load generator and responder of bench/inline-load (a benchmark tool, never a test).

   inline_loadgen serve ADDRESS
       TCP 443: reads a connection's first bytes (a ClientHello) and answers with a ServerHello-sized record,
       then waits for the client to go; UDP 443 (QUIC) and UDP 53 (DNS): answers each datagram at once.
   inline_loadgen client --out FILE --rate N --seconds S --dst ADDRESS --src A[,B...] --kind TYPE:FILE:WEIGHT[:ADDRESS]...
       Opens new connections (TYPE tls) or new UDP sockets (TYPE quic, dns: one datagram each, a new source
       port every time) at N per second for S seconds, from the source addresses in turn, TYPE chosen by
       weight, and sends FILE's bytes first (to the kind's own ADDRESS when it has one). Writes one line per attempt to FILE:
           kind outcome first_packet_us answer_us
       first_packet_us: TCP, connect() to the SYN-ACK (the handshake's round trip); UDP, 0.
       answer_us: from sending the payload to the first byte back (TLS: the ClientHello to the answer).
       outcome: 0 answered, 1 reset, 2 no SYN-ACK in time, 3 no answer in time, 4 refused, 5 local error,
                6 not started (too many still open: the client's own limit).
   Single-threaded, epoll, nonblocking; closes with an RST (SO_LINGER 0) so neither side keeps TIME_WAIT. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { KIND_TLS, KIND_QUIC, KIND_DNS };
enum { OK_ANSWERED, OUT_RESET, OUT_NO_SYNACK, OUT_NO_ANSWER, OUT_REFUSED, OUT_LOCAL, OUT_NOT_STARTED };
enum { MAX_KINDS = 16, MAX_SOURCES = 256, MAX_OPEN = 60000 };

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(2);
}

/* ------------------------------------------------------------------------------------------ serve */

static int listen_on(const char *address, int type, int port) {
    int fd = socket(AF_INET, type | SOCK_NONBLOCK, 0);
    if (fd < 0) die("socket");
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, address, &sa.sin_addr);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) die("bind");
    if (type == SOCK_STREAM && listen(fd, 65535) < 0) die("listen");
    return fd;
}

static void serve_loop(const char *address) {
    int tcp = listen_on(address, SOCK_STREAM, 443), quic = listen_on(address, SOCK_DGRAM, 443);
    int dns = listen_on(address, SOCK_DGRAM, 53);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN};
    ev.data.fd = tcp; epoll_ctl(ep, EPOLL_CTL_ADD, tcp, &ev);
    ev.data.fd = quic; epoll_ctl(ep, EPOLL_CTL_ADD, quic, &ev);
    ev.data.fd = dns; epoll_ctl(ep, EPOLL_CTL_ADD, dns, &ev);
    /* A TLS 1.2 ServerHello-sized handshake record: what the client times is the first byte back. */
    static unsigned char hello[96] = {0x16, 0x03, 0x03, 0x00, 91, 0x02, 0x00, 0x00, 87, 0x03, 0x03};
    static unsigned char buffer[65536];
    struct epoll_event events[256];
    for (;;) {
        int n = epoll_wait(ep, events, 256, -1);
        for (int i = 0; i < n; ++i) {
            int fd = events[i].data.fd;
            if (fd == tcp) {
                for (;;) {
                    int c = accept4(tcp, NULL, NULL, SOCK_NONBLOCK);
                    if (c < 0) break;
                    struct epoll_event cev = {.events = EPOLLIN | EPOLLRDHUP, .data.fd = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
                }
            } else if (fd == quic || fd == dns) {
                for (;;) {
                    struct sockaddr_in from;
                    socklen_t len = sizeof from;
                    ssize_t got = recvfrom(fd, buffer, sizeof buffer, 0, (struct sockaddr *)&from, &len);
                    if (got <= 0) break;
                    if (fd == dns && got >= 12) {
                        buffer[2] |= 0x80; /* a response, no records: NOERROR */
                        sendto(fd, buffer, (size_t)got, 0, (struct sockaddr *)&from, len);
                    } else if (fd == quic) {
                        sendto(fd, hello, sizeof hello, 0, (struct sockaddr *)&from, len);
                    }
                }
            } else {
                ssize_t got = read(fd, buffer, sizeof buffer);
                if (got > 0) {
                    if (write(fd, hello, sizeof hello) < 0) { /* the client went: closed below next time */ }
                } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
                    close(fd);
                }
            }
        }
    }
}

/* ------------------------------------------------------------------------------------------ client */

struct kind {
    int type;
    struct sockaddr_in to; /* the server, or the kind's own (DNS to the school's resolver) */
    unsigned char *payload;
    size_t size;
    unsigned weight;
};

struct attempt {
    int fd;
    int kind;
    int state; /* 1 connecting, 2 waiting for the answer */
    uint64_t started, sent;
};

static struct kind kinds[MAX_KINDS];
static int kind_count;
static unsigned total_weight;
static struct sockaddr_in sources[MAX_SOURCES];
static int source_count;
static struct sockaddr_in server;
static FILE *out;

static void read_payload(struct kind *k, const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) die(path);
    k->payload = malloc(65536);
    k->size = fread(k->payload, 1, 65536, f);
    fclose(f);
}

static void parse_kind(char *spec) {
    char *type = strtok(spec, ":"), *path = strtok(NULL, ":"), *weight = strtok(NULL, ":"), *to = strtok(NULL, ":");
    if (!type || !path || !weight || kind_count == MAX_KINDS) {
        fprintf(stderr, "--kind TYPE:FILE:WEIGHT[:ADDRESS]\n");
        exit(2);
    }
    struct kind *k = &kinds[kind_count++];
    k->type = strcmp(type, "tls") == 0 ? KIND_TLS : strcmp(type, "quic") == 0 ? KIND_QUIC : KIND_DNS;
    k->weight = (unsigned)atoi(weight);
    k->to.sin_family = AF_INET;
    k->to.sin_port = htons(k->type == KIND_DNS ? 53 : 443);
    if (to) inet_pton(AF_INET, to, &k->to.sin_addr);
    total_weight += k->weight;
    read_payload(k, path);
}

static void parse_sources(char *list) {
    for (char *a = strtok(list, ","); a && source_count < MAX_SOURCES; a = strtok(NULL, ",")) {
        struct sockaddr_in *sa = &sources[source_count++];
        sa->sin_family = AF_INET;
        if (inet_pton(AF_INET, a, &sa->sin_addr) != 1) die("source address");
    }
}

static void record(int kind, int outcome, uint64_t first_ns, uint64_t answer_ns) {
    fprintf(out, "%d %d %llu %llu\n", kind, outcome, (unsigned long long)(first_ns / 1000),
            (unsigned long long)(answer_ns / 1000));
}

static void finish(int ep, struct attempt *a, int outcome, uint64_t now) {
    uint64_t first = a->kind >= 0 && kinds[a->kind].type == KIND_TLS && a->sent ? a->sent - a->started : 0;
    uint64_t answer = outcome == OK_ANSWERED || outcome == OUT_RESET ? now - (a->sent ? a->sent : a->started) : 0;
    record(a->kind, outcome, first, answer);
    struct linger rst = {1, 0};
    setsockopt(a->fd, SOL_SOCKET, SO_LINGER, &rst, sizeof rst);
    epoll_ctl(ep, EPOLL_CTL_DEL, a->fd, NULL);
    close(a->fd);
    a->fd = -1;
}

static int pick_kind(unsigned counter) {
    unsigned slot = (counter * 2654435761u) % total_weight;
    for (int i = 0; i < kind_count; ++i) {
        if (slot < kinds[i].weight) return i;
        slot -= kinds[i].weight;
    }
    return 0;
}

/* Starts attempt `a` (kind `k`, from source `s`); false when it ended at once (recorded). */
static int start(int ep, struct attempt *a, int k, int s) {
    const struct kind *kind = &kinds[k];
    a->kind = k;
    a->sent = 0;
    a->started = now_ns();
    a->fd = socket(AF_INET, (kind->type == KIND_TLS ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK, 0);
    if (a->fd < 0) {
        record(k, OUT_LOCAL, 0, 0);
        return 0;
    }
    struct sockaddr_in to = kind->to;
    if (to.sin_addr.s_addr == 0) to.sin_addr = server.sin_addr;
    int one = 1;
    setsockopt(a->fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    if (bind(a->fd, (struct sockaddr *)&sources[s], sizeof sources[s]) < 0 ||
        (connect(a->fd, (struct sockaddr *)&to, sizeof to) < 0 && errno != EINPROGRESS)) {
        close(a->fd);
        a->fd = -1;
        record(k, OUT_LOCAL, 0, 0);
        return 0;
    }
    if (kind->type == KIND_TLS) {
        a->state = 1;
    } else {
        a->state = 2;
        a->sent = now_ns();
        if (send(a->fd, kind->payload, kind->size, 0) < 0) {
            close(a->fd);
            a->fd = -1;
            record(k, OUT_LOCAL, 0, 0);
            return 0;
        }
    }
    struct epoll_event ev = {.events = (a->state == 1 ? EPOLLOUT : EPOLLIN) | EPOLLERR | EPOLLHUP};
    ev.data.ptr = a;
    epoll_ctl(ep, EPOLL_CTL_ADD, a->fd, &ev);
    return 1;
}

static void on_event(int ep, struct attempt *a, uint32_t events) {
    uint64_t now = now_ns();
    int error = 0;
    socklen_t len = sizeof error;
    if (a->state == 1) {
        getsockopt(a->fd, SOL_SOCKET, SO_ERROR, &error, &len);
        if (error) {
            finish(ep, a, error == ECONNREFUSED ? OUT_REFUSED : error == ECONNRESET ? OUT_RESET : OUT_NO_SYNACK, now);
            return;
        }
        a->sent = now;
        if (send(a->fd, kinds[a->kind].payload, kinds[a->kind].size, MSG_NOSIGNAL) < 0) {
            finish(ep, a, OUT_RESET, now);
            return;
        }
        a->state = 2;
        struct epoll_event ev = {.events = EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP, .data.ptr = a};
        epoll_ctl(ep, EPOLL_CTL_MOD, a->fd, &ev);
        return;
    }
    unsigned char byte[2048];
    ssize_t got = recv(a->fd, byte, sizeof byte, 0);
    if (got > 0) finish(ep, a, OK_ANSWERED, now);
    else if (got == 0 || (errno != EAGAIN && errno != EINTR) || (events & (EPOLLERR | EPOLLHUP))) finish(ep, a, OUT_RESET, now);
}

static int run_client(double rate, double seconds, uint64_t timeout_ns) {
    int ep = epoll_create1(0);
    static struct attempt slots[MAX_OPEN];
    static int free_list[MAX_OPEN];
    int free_count = 0;
    for (int i = MAX_OPEN - 1; i >= 0; --i) { slots[i].fd = -1; free_list[free_count++] = i; }
    const uint64_t begin = now_ns(), send_until = begin + (uint64_t)(seconds * 1e9);
    uint64_t opened = 0, next_sweep = begin;
    const uint64_t total = (uint64_t)(rate * seconds);
    struct epoll_event events[1024];
    for (;;) {
        uint64_t now = now_ns();
        uint64_t due = now >= send_until ? total : (uint64_t)((double)(now - begin) * rate / 1e9);
        while (opened < due) {
            int k = pick_kind((unsigned)opened);
            if (free_count == 0) {
                record(k, OUT_NOT_STARTED, 0, 0);
            } else {
                int slot = free_list[--free_count];
                if (!start(ep, &slots[slot], k, (int)(opened % (uint64_t)source_count))) free_list[free_count++] = slot;
            }
            ++opened;
        }
        int n = epoll_wait(ep, events, 1024, 1);
        for (int i = 0; i < n; ++i) {
            struct attempt *a = events[i].data.ptr;
            on_event(ep, a, events[i].events);
            if (a->fd < 0) free_list[free_count++] = (int)(a - slots);
        }
        now = now_ns();
        if (now >= next_sweep) { /* the ones that waited too long */
            next_sweep = now + 50000000u;
            for (int i = 0; i < MAX_OPEN; ++i) {
                struct attempt *a = &slots[i];
                if (a->fd >= 0 && now - a->started > timeout_ns) {
                    finish(ep, a, a->state == 1 ? OUT_NO_SYNACK : OUT_NO_ANSWER, now);
                    free_list[free_count++] = i;
                }
            }
        }
        if (opened >= total && free_count == MAX_OPEN) break;
    }
    return 0;
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    if (argc == 3 && strcmp(argv[1], "serve") == 0) {
        for (int i = 1; i < 2; ++i) {
            if (fork() == 0) {
                prctl(PR_SET_PDEATHSIG, SIGTERM); /* goes with the parent the bench stops */
                serve_loop(argv[2]);
            }
        }
        serve_loop(argv[2]);
    }
    if (argc < 2 || strcmp(argv[1], "client") != 0) {
        fprintf(stderr, "usage: inline_loadgen serve ADDRESS | client --out FILE --rate N --seconds S --dst A "
                        "--src A[,B] --kind TYPE:FILE:WEIGHT[:ADDRESS]...\n");
        return 2;
    }
    double rate = 1000, seconds = 2, timeout = 3;
    const char *path = NULL;
    server.sin_family = AF_INET;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--out")) path = argv[i + 1];
        else if (!strcmp(argv[i], "--rate")) rate = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--seconds")) seconds = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--timeout")) timeout = atof(argv[i + 1]);
        else if (!strcmp(argv[i], "--dst")) {
            inet_pton(AF_INET, argv[i + 1], &server.sin_addr);
        } else if (!strcmp(argv[i], "--src")) parse_sources(argv[i + 1]);
        else if (!strcmp(argv[i], "--kind")) parse_kind(argv[i + 1]);
    }
    if (!path || !kind_count || !source_count || !total_weight) {
        fprintf(stderr, "client: --out, --src and --kind are needed\n");
        return 2;
    }
    out = fopen(path, "w");
    if (!out) die(path);
    static char buffer[1 << 20];
    setvbuf(out, buffer, _IOFBF, sizeof buffer);
    int status = run_client(rate, seconds, (uint64_t)(timeout * 1e9));
    fclose(out);
    return status;
}
