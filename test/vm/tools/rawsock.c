/*
 * rawsock: test frames through the kernel's network stack on one interface, over an AF_PACKET raw
 * socket (packet(7)); the guest tests' and the NIC benchmark's kernel side. Node cannot open AF_PACKET
 * sockets without an addon, hence C. Built static on the host (test/vm/guest-tools.mjs).
 *
 *   rawsock send IFACE DST_MAC COUNT BATCH SIZE     COUNT frames, sequence 0..COUNT-1, BATCH per sendmmsg
 *   rawsock recv IFACE COUNT TIMEOUT_MS SIZE        prints "rawsock: ready", then checks COUNT frames
 *   rawsock gen IFACE DST_MAC SECONDS BATCH         as many 60-byte frames as it can (benchmark)
 *   rawsock fwd IN OUT DST_MAC SECONDS BATCH        receive on IN, rewrite the destination, send on OUT
 *
 * SIZE is a frame length in bytes (60..1514, without the FCS) or "var": the length each sequence number
 * gets, 60 + (seq * 97) % 1455 (test/vm/guest/nic-frames.ts frameLength). The frames are
 * examples/nic/frame.ts's test frames: 0-5 destination, 6-11 source (the interface's MAC), 12-13
 * EtherType 0x88b5 (IEEE local experimental), 14-17 "RGML", 18-21 sequence number (big-endian), then
 * byte i = (seq * 31 + i) & 0xff up to the frame's length.
 * Every mode ends with one line "rawsock: {json}" on stdout; recv exits 0 only when COUNT frames came,
 * each exactly once, in order, with the right length and contents.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ETHERTYPE_TEST 0x88b5
#define MIN_FRAME 60
#define MAX_FRAME 1514
#define MAX_BATCH 256

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* CPU seconds of this process (user + system): the kernel does the forwarding work in our system time. */
static double cpu_seconds(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return (double)(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + (double)(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

static void die(const char *what, const char *detail) {
  printf("rawsock: {\"error\":\"%s: %s: %s\"}\n", what, detail, strerror(errno));
  exit(2);
}

/* The test format's length for sequence number `seq` (nic-frames.ts frameLength). */
static unsigned var_length(uint32_t seq) { return MIN_FRAME + (unsigned)(((uint64_t)seq * 97u) % (MAX_FRAME - MIN_FRAME + 1)); }

#define PATTERN_AT 22
static uint8_t pattern(uint32_t seq, unsigned i) { return (uint8_t)(seq * 31u + i); }

static void fill(uint8_t *f, unsigned len, const uint8_t dst[6], const uint8_t src[6], uint32_t seq) {
  memcpy(f, dst, 6);
  memcpy(f + 6, src, 6);
  f[12] = ETHERTYPE_TEST >> 8;
  f[13] = ETHERTYPE_TEST & 0xff;
  memcpy(f + 14, "RGML", 4);
  for (int i = 0; i < 4; i++) f[18 + i] = (uint8_t)(seq >> (24 - 8 * i));
  for (unsigned i = PATTERN_AT; i < len; i++) f[i] = pattern(seq, i);
}

static int parse_mac(const char *s, uint8_t mac[6]) {
  unsigned b[6];
  if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6) return -1;
  for (int i = 0; i < 6; i++) mac[i] = (uint8_t)b[i];
  return 0;
}

/* A raw socket bound to IFACE for the test EtherType; the interface's index and MAC. */
static int open_socket(const char *iface, int *index, uint8_t mac[6]) {
  int fd = socket(AF_PACKET, SOCK_RAW, htons(ETHERTYPE_TEST));
  if (fd < 0) die("socket(AF_PACKET, SOCK_RAW)", iface);
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", iface);
  if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0) die("SIOCGIFINDEX", iface);
  *index = ifr.ifr_ifindex;
  if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) die("SIOCGIFHWADDR", iface);
  memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
  struct sockaddr_ll sll;
  memset(&sll, 0, sizeof sll);
  sll.sll_family = AF_PACKET;
  sll.sll_protocol = htons(ETHERTYPE_TEST);
  sll.sll_ifindex = *index;
  if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) die("bind", iface);
  /* Room for a whole test run: the receiver may not be scheduled while a sender in the same guest runs. */
  int big = 64 << 20;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big) < 0) die("SO_RCVBUFFORCE", iface);
  return fd;
}

static uint8_t frames[MAX_BATCH][MAX_FRAME + 64];
static struct mmsghdr msgs[MAX_BATCH];
static struct iovec iovs[MAX_BATCH];

static void setup_batch(unsigned n) {
  memset(msgs, 0, sizeof msgs);
  for (unsigned i = 0; i < n; i++) {
    iovs[i].iov_base = frames[i];
    iovs[i].iov_len = sizeof frames[i];
    msgs[i].msg_hdr.msg_iov = &iovs[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
}

/*
 * Sends msgs[0..n), retrying what the qdisc or the driver refused (ENOBUFS: dropped before the wire, so
 * a retry keeps exactly-once). The retry only yields the CPU, as pktgen spins on a full ring: a sleep
 * would make the timer's granularity, not the driver, the bound.
 */
static unsigned long send_all(int fd, unsigned n, unsigned long *retries) {
  unsigned done = 0;
  while (done < n) {
    int r = sendmmsg(fd, msgs + done, n - done, 0);
    if (r < 0) {
      if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR) die("sendmmsg", "send");
      (*retries)++;
      sched_yield();
      continue;
    }
    done += (unsigned)r;
  }
  return done;
}

static int cmd_send(int argc, char **argv) {
  if (argc != 7) return -1;
  uint8_t dst[6], src[6];
  int index;
  if (parse_mac(argv[3], dst) < 0) return -1;
  unsigned long count = strtoul(argv[4], NULL, 0);
  unsigned batch = (unsigned)strtoul(argv[5], NULL, 0);
  int var = strcmp(argv[6], "var") == 0;
  unsigned size = var ? 0 : (unsigned)strtoul(argv[6], NULL, 0);
  if (batch < 1 || batch > MAX_BATCH || (!var && (size < MIN_FRAME || size > MAX_FRAME))) return -1;
  int fd = open_socket(argv[2], &index, src);
  setup_batch(batch);
  unsigned long retries = 0, sent = 0;
  uint64_t t0 = now_ns();
  while (sent < count) {
    unsigned n = count - sent < batch ? (unsigned)(count - sent) : batch;
    for (unsigned i = 0; i < n; i++) {
      uint32_t seq = (uint32_t)(sent + i);
      unsigned len = var ? var_length(seq) : size;
      fill(frames[i], len, dst, src, seq);
      iovs[i].iov_len = len;
    }
    sent += send_all(fd, n, &retries);
  }
  double s = (double)(now_ns() - t0) / 1e9;
  printf("rawsock: {\"sent\":%lu,\"retries\":%lu,\"seconds\":%.6f}\n", sent, retries, s);
  return 0;
}

static int cmd_recv(int argc, char **argv) {
  if (argc != 6) return -1;
  uint8_t mac[6];
  int index;
  unsigned long count = strtoul(argv[3], NULL, 0);
  int timeout_ms = atoi(argv[4]);
  int var = strcmp(argv[5], "var") == 0;
  unsigned size = var ? 0 : (unsigned)strtoul(argv[5], NULL, 0);
  int fd = open_socket(argv[2], &index, mac);
  printf("rawsock: ready\n");
  fflush(stdout);
  setup_batch(MAX_BATCH);
  unsigned long got = 0, bad = 0, foreign = 0;
  char first[200] = "";
  uint64_t deadline = now_ns() + (uint64_t)timeout_ms * 1000000u;
  while (got < count) {
    uint64_t now = now_ns();
    if (now >= deadline) break;
    struct pollfd p = { .fd = fd, .events = POLLIN };
    if (poll(&p, 1, (int)((deadline - now) / 1000000u) + 1) <= 0) continue;
    int r = recvmmsg(fd, msgs, MAX_BATCH, MSG_DONTWAIT, NULL);
    if (r < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      die("recvmmsg", argv[2]);
    }
    for (int i = 0; i < r; i++) {
      const uint8_t *f = frames[i];
      unsigned len = msgs[i].msg_len;
      if (len < PATTERN_AT || memcmp(f + 14, "RGML", 4) != 0) { foreign++; continue; }
      uint32_t seq = (uint32_t)f[18] << 24 | (uint32_t)f[19] << 16 | (uint32_t)f[20] << 8 | (uint32_t)f[21];
      unsigned want = var ? var_length(seq) : size;
      const char *why = NULL;
      if (seq != got) why = "out of order or duplicated";
      else if (len != want) why = "wrong length";
      else if (memcmp(f, mac, 6) != 0) why = "wrong destination";
      else
        for (unsigned k = PATTERN_AT; k < len && !why; k++)
          if (f[k] != pattern(seq, k)) why = "wrong contents";
      if (why) {
        if (bad++ == 0) snprintf(first, sizeof first, "frame %lu: seq %u, length %u (want %u): %s", got, seq, len, want, why);
        if (seq >= got) got = seq + 1;
        continue;
      }
      got++;
    }
  }
  printf("rawsock: {\"received\":%lu,\"expected\":%lu,\"bad\":%lu,\"foreign\":%lu,\"firstError\":\"%s\"}\n", got, count, bad, foreign, first);
  return got == count && bad == 0 ? 0 : 1;
}

/* gen/fwd: run for SECONDS, report frames/s. 60-byte frames, the benchmark's size. */
static int cmd_gen(int argc, char **argv) {
  if (argc != 6) return -1;
  uint8_t dst[6], src[6];
  int index;
  if (parse_mac(argv[3], dst) < 0) return -1;
  double seconds = atof(argv[4]);
  unsigned batch = (unsigned)strtoul(argv[5], NULL, 0);
  if (batch < 1 || batch > MAX_BATCH) return -1;
  int fd = open_socket(argv[2], &index, src);
  /* Straight to the driver, as pktgen does: the benchmark measures the driver path, not the qdisc. */
  int one = 1;
  if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one) < 0) die("PACKET_QDISC_BYPASS", argv[2]);
  setup_batch(batch);
  for (unsigned i = 0; i < batch; i++) { fill(frames[i], MIN_FRAME, dst, src, i); iovs[i].iov_len = MIN_FRAME; }
  unsigned long sent = 0, retries = 0;
  uint64_t t0 = now_ns(), end = t0 + (uint64_t)(seconds * 1e9);
  while (now_ns() < end) sent += send_all(fd, batch, &retries);
  double s = (double)(now_ns() - t0) / 1e9;
  printf("rawsock: {\"frames\":%lu,\"seconds\":%.6f,\"fps\":%.0f,\"retries\":%lu}\n", sent, s, (double)sent / s, retries);
  return 0;
}

static int cmd_fwd(int argc, char **argv) {
  if (argc != 7) return -1;
  uint8_t dst[6], in_mac[6], out_mac[6];
  int in_index, out_index;
  if (parse_mac(argv[4], dst) < 0) return -1;
  double seconds = atof(argv[5]);
  unsigned batch = (unsigned)strtoul(argv[6], NULL, 0);
  if (batch < 1 || batch > MAX_BATCH) return -1;
  int in = open_socket(argv[2], &in_index, in_mac);
  int out = open_socket(argv[3], &out_index, out_mac);
  int one = 1;
  if (setsockopt(out, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one) < 0) die("PACKET_QDISC_BYPASS", argv[3]);
  printf("rawsock: ready\n");
  fflush(stdout);
  setup_batch(batch);
  unsigned long fwd = 0, retries = 0;
  uint64_t t0 = 0, end = 0;
  double cpu0 = 0;
  for (;;) {
    struct pollfd p = { .fd = in, .events = POLLIN };
    if (poll(&p, 1, 200) <= 0) {
      if (t0 && now_ns() >= end) break;
      continue;
    }
    int r = recvmmsg(in, msgs, batch, MSG_DONTWAIT, NULL);
    if (r <= 0) continue;
    if (!t0) { t0 = now_ns(); end = t0 + (uint64_t)(seconds * 1e9); cpu0 = cpu_seconds(); }
    for (int i = 0; i < r; i++) {
      memcpy(frames[i], dst, 6);
      memcpy(frames[i] + 6, out_mac, 6);
      iovs[i].iov_len = msgs[i].msg_len;
    }
    fwd += send_all(out, (unsigned)r, &retries);
    for (int i = 0; i < r; i++) iovs[i].iov_len = sizeof frames[i];
    if (now_ns() >= end) break;
  }
  double s = t0 ? (double)(now_ns() - t0) / 1e9 : 0;
  double cpu = t0 ? cpu_seconds() - cpu0 : 0;
  printf("rawsock: {\"frames\":%lu,\"seconds\":%.6f,\"fps\":%.0f,\"cpuSeconds\":%.6f,\"fpsCpu\":%.0f,\"retries\":%lu}\n", fwd, s,
         s > 0 ? (double)fwd / s : 0, cpu, cpu > 0 ? (double)fwd / cpu : 0, retries);
  return 0;
}

int main(int argc, char **argv) {
  int r = -1;
  if (argc >= 2 && strcmp(argv[1], "send") == 0) r = cmd_send(argc, argv);
  else if (argc >= 2 && strcmp(argv[1], "recv") == 0) r = cmd_recv(argc, argv);
  else if (argc >= 2 && strcmp(argv[1], "gen") == 0) r = cmd_gen(argc, argv);
  else if (argc >= 2 && strcmp(argv[1], "fwd") == 0) r = cmd_fwd(argc, argv);
  if (r < 0) {
    fprintf(stderr,
            "usage: rawsock send IFACE DST_MAC COUNT BATCH SIZE|var\n"
            "       rawsock recv IFACE COUNT TIMEOUT_MS SIZE|var\n"
            "       rawsock gen IFACE DST_MAC SECONDS BATCH\n"
            "       rawsock fwd IN OUT DST_MAC SECONDS BATCH\n");
    return 2;
  }
  return r;
}
