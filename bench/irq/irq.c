// Interrupt wake-up benchmark helpers for bench/irq, one binary with two roles:
//
//   irq write EVENTFD COUNT PERIOD_US BAR_PATH
//     plays the device: every PERIOD_US it stores a cause bit in the status register at offset 0 of
//     BAR_PATH (rx on even events, tx on odd ones), takes a CLOCK_MONOTONIC timestamp and writes 1 to
//     the eventfd (as an MSI raised through VFIO would). After the last event it prints one timestamp
//     (ns) per line.
//   irq wait EVENTFD COUNT TIMEOUT_MS BAR_PATH
//     the C baseline handler: poll() + read() on the eventfd, then status & enable and a write-1-to-clear
//     ack through volatile pointers, then a timestamp. Stops after COUNT signals; prints "count ns" per
//     wake-up. Exits 3 when no signal came for TIMEOUT_MS.
//
// EVENTFD is an inherited descriptor number. Timestamps use CLOCK_MONOTONIC, the clock behind Node's
// process.hrtime.bigint(), so they compare across processes.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define BAR_SIZE 0x1000
#define ISR 0
#define IER 1

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static volatile uint32_t *map_bar(const char *path) {
  int fd = open(path, O_RDWR);
  if (fd < 0) { fprintf(stderr, "irq: open %s: %s\n", path, strerror(errno)); exit(1); }
  void *p = mmap(NULL, BAR_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) { fprintf(stderr, "irq: mmap %s: %s\n", path, strerror(errno)); exit(1); }
  close(fd);
  return (volatile uint32_t *)p;
}

static long arg(const char *s, const char *what) {
  char *end;
  long v = strtol(s, &end, 10);
  if (*s == '\0' || *end != '\0' || v < 0) { fprintf(stderr, "irq: %s must be a non-negative integer, got '%s'\n", what, s); exit(2); }
  return v;
}

static int writer(int efd, long count, long period_us, volatile uint32_t *bar) {
  int64_t *t = calloc((size_t)count, sizeof *t);
  struct timespec next;
  clock_gettime(CLOCK_MONOTONIC, &next);
  uint64_t one = 1;
  for (long i = 0; i < count; i++) {
    next.tv_nsec += period_us * 1000;
    while (next.tv_nsec >= 1000000000) { next.tv_nsec -= 1000000000; next.tv_sec++; }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR) {}
    bar[ISR] = (i & 1) ? 0x2 : 0x1;
    t[i] = now_ns();
    if (write(efd, &one, sizeof one) != sizeof one) { fprintf(stderr, "irq: write eventfd %d: %s\n", efd, strerror(errno)); return 1; }
  }
  for (long i = 0; i < count; i++) printf("%lld\n", (long long)t[i]);
  return 0;
}

static int waiter(int efd, long count, int timeout_ms, volatile uint32_t *bar) {
  int64_t *t = calloc((size_t)count, sizeof *t);
  uint64_t *n = calloc((size_t)count, sizeof *n);
  long wakes = 0, seen = 0;
  struct pollfd p = { .fd = efd, .events = POLLIN };
  bar[IER] = 0x3; /* the driver enables both causes, as the regmill handler does with enable() */
  while (seen < count) {
    int r = poll(&p, 1, timeout_ms);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) { fprintf(stderr, "irq: poll eventfd %d: %s\n", efd, strerror(errno)); return 1; }
    if (r == 0) { fprintf(stderr, "irq: no signal on eventfd %d for %d ms (%ld of %ld seen)\n", efd, timeout_ms, seen, count); return 3; }
    uint64_t c;
    ssize_t got = read(efd, &c, sizeof c);
    if (got < 0 && errno == EAGAIN) continue;
    if (got != sizeof c) {
      fprintf(stderr, "irq: read eventfd %d: %s\n", efd, got < 0 ? strerror(errno) : "short read (not an eventfd?)");
      return 1;
    }
    uint32_t pending = bar[ISR] & bar[IER];
    if (pending == 0) { fprintf(stderr, "irq: woken with nothing pending in the status register\n"); return 1; }
    bar[ISR] = pending; /* w1c ack */
    t[wakes] = now_ns();
    n[wakes++] = c;
    seen += (long)c;
  }
  for (long i = 0; i < wakes; i++) printf("%llu %lld\n", (unsigned long long)n[i], (long long)t[i]);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 6 || (strcmp(argv[1], "write") != 0 && strcmp(argv[1], "wait") != 0)) {
    fprintf(stderr, "usage: %s write EVENTFD COUNT PERIOD_US BAR_PATH\n       %s wait EVENTFD COUNT TIMEOUT_MS BAR_PATH\n", argv[0], argv[0]);
    return 2;
  }
  int efd = (int)arg(argv[2], "EVENTFD");
  long count = arg(argv[3], "COUNT");
  long param = arg(argv[4], argv[1][1] == 'r' ? "PERIOD_US" : "TIMEOUT_MS");
  if (count < 1) { fprintf(stderr, "irq: COUNT must be at least 1\n"); return 2; }
  volatile uint32_t *bar = map_bar(argv[5]);
  return argv[1][1] == 'r' ? writer(efd, count, param, bar) : waiter(efd, count, (int)param, bar);
}
