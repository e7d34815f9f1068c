// The C floor for bench/run.ts: the same register loops and descriptor-ring logic as the generated
// TypeScript and WebAssembly, through volatile pointers into the same memfds (opened via
// /proc/<pid>/fd/<n> of the Node process). Prints one JSON object per measurement.
//
// usage: bench BAR_PATH DMA_PATH N REPS RING_DESCRIPTORS
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define REGS_OFFSET 0x1000 /* r[1024] */
#define CTRL_OFFSET 0x0    /* ctrl: one register */
#define TDT_OFFSET 0x8
#define RING_COUNT 256
#define DESC_SIZE 16

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static void *map(const char *path, size_t len) {
  int fd = open(path, O_RDWR);
  if (fd < 0) { perror(path); exit(1); }
  void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) { perror("mmap"); exit(1); }
  return p;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Best of the reps, as bench/measure.ts does (other processes only ever add time). */
static double best(double *v, int n) {
  qsort(v, n, sizeof *v, cmp);
  return v[0];
}

static volatile uint32_t *regs;
static volatile uint32_t *ctrl;
static volatile uint8_t *bar;
static volatile uint8_t *ring;
static uint8_t *staging;
static uint32_t sink;

static void run_read(long n) {
  uint32_t acc = 0;
  for (long i = 0; i < n; i++) acc ^= regs[i & 1023];
  sink = acc;
}
static void run_write(long n) {
  for (long i = 0; i < n; i++) regs[i & 1023] = (uint32_t)i;
}
static void run_modify(long n) {
  for (long i = 0; i < n; i++) {
    volatile uint32_t *r = &regs[i & 1023];
    *r = (*r & ~0xf0u) | (((uint32_t)i << 4) & 0xf0u);
  }
}

/* The same three on one register: what polling a status or writing a control register costs. */
static void run_read_one(long n) {
  uint32_t acc = 0;
  for (long i = 0; i < n; i++) acc ^= *ctrl;
  sink = acc;
}
static void run_write_one(long n) {
  for (long i = 0; i < n; i++) *ctrl = (uint32_t)i;
}
static void run_modify_one(long n) {
  for (long i = 0; i < n; i++) *ctrl = (*ctrl & ~0xf0u) | (((uint32_t)i << 4) & 0xf0u);
}

/* submit: copy fields, fence, owner bytes, fence, one doorbell; returns the new tail. */
static uint32_t submit(uint32_t tail, uint32_t n) {
  uint32_t e = tail;
  for (uint32_t k = 0; k < n; k++) {
    volatile uint8_t *d = ring + (size_t)e * DESC_SIZE;
    const uint8_t *s = staging + (size_t)k * DESC_SIZE;
    *(volatile uint64_t *)(d + 0) = *(const uint64_t *)(s + 0);
    *(volatile uint16_t *)(d + 8) = *(const uint16_t *)(s + 8);
    *(volatile uint32_t *)(d + 12) = *(const uint32_t *)(s + 12);
    e = e + 1 == RING_COUNT ? 0 : e + 1;
  }
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  e = tail;
  for (uint32_t k = 0; k < n; k++) {
    volatile uint8_t *d = ring + (size_t)e * DESC_SIZE;
    const uint8_t *s = staging + (size_t)k * DESC_SIZE;
    *(volatile uint8_t *)(d + 10) = (uint8_t)((s[10] & ~0x80u) | 0x80u);
    e = e + 1 == RING_COUNT ? 0 : e + 1;
  }
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  uint32_t next = tail + n >= RING_COUNT ? tail + n - RING_COUNT : tail + n;
  *(volatile uint32_t *)(bar + TDT_OFFSET) = next;
  return next;
}

static uint32_t reap(uint32_t head, uint32_t max) {
  uint32_t k = 0, e = head;
  while (k < max) {
    if ((*(volatile uint32_t *)(ring + (size_t)e * DESC_SIZE + 12) & 1u) == 0) break;
    k++;
    e = e + 1 == RING_COUNT ? 0 : e + 1;
  }
  return k;
}

static long run_ring(uint32_t batch, long descriptors) {
  uint32_t tail = 0, head = 0;
  long done = 0;
  for (long b = 0; b < descriptors / batch; b++) {
    tail = submit(tail, batch);
    uint32_t k = reap(head, batch);
    head = head + k >= RING_COUNT ? head + k - RING_COUNT : head + k;
    done += k;
  }
  return done;
}

int main(int argc, char **argv) {
  if (argc != 6) { fprintf(stderr, "usage: %s BAR DMA N REPS RING_DESCRIPTORS\n", argv[0]); return 2; }
  long n = atol(argv[3]);
  int reps = atoi(argv[4]);
  long descriptors = atol(argv[5]);
  bar = map(argv[1], 0x2000);
  regs = (volatile uint32_t *)(bar + REGS_OFFSET);
  ctrl = (volatile uint32_t *)(bar + CTRL_OFFSET);
  ring = map(argv[2], RING_COUNT * DESC_SIZE);
  staging = aligned_alloc(16, RING_COUNT * DESC_SIZE);
  for (int k = 0; k < RING_COUNT; k++) {
    memset(staging + k * DESC_SIZE, 0, DESC_SIZE);
    *(uint64_t *)(staging + k * DESC_SIZE) = 0x100000000ull + (uint64_t)k * 2048;
    *(uint16_t *)(staging + k * DESC_SIZE + 8) = 1514;
    staging[k * DESC_SIZE + 10] = 0x01;              /* eop */
    *(uint32_t *)(staging + k * DESC_SIZE + 12) = 1; /* dd: the "device" completes at once */
  }
  double *t = calloc(reps, sizeof *t);
  struct { const char *kind, *name; void (*fn)(long); } ops[] = {
    { "register", "read", run_read }, { "register", "write", run_write }, { "register", "modify", run_modify },
    { "register1", "read", run_read_one }, { "register1", "write", run_write_one }, { "register1", "modify", run_modify_one },
  };
  for (int o = 0; o < 6; o++) {
    ops[o].fn(n / 10);
    for (int r = 0; r < reps; r++) {
      double t0 = now_ns();
      ops[o].fn(n);
      t[r] = (now_ns() - t0) / (double)n;
    }
    printf("{\"kind\":\"%s\",\"op\":\"%s\",\"nsPerOp\":%.4f}\n", ops[o].kind, ops[o].name, best(t, reps));
  }
  uint32_t batches[] = { 1, 32, 256 };
  for (int b = 0; b < 3; b++) {
    long done = 0;
    run_ring(batches[b], descriptors / 10);
    for (int r = 0; r < reps; r++) {
      double t0 = now_ns();
      done = run_ring(batches[b], descriptors);
      t[r] = (now_ns() - t0) / (double)done;
    }
    printf("{\"kind\":\"ring\",\"batch\":%u,\"nsPerDescriptor\":%.4f}\n", batches[b], best(t, reps));
  }
  return sink == 0xdeadbeef; /* keep the read loop's result alive */
}
