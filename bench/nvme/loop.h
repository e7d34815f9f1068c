/*
 * What every C row of the NVMe guest benchmark shares (bench/nvme/README.md): the random 4 KiB-aligned
 * LBA stream, the check of the data against the image pattern (test/vm/nvme-image.mjs: dword 0 of each
 * 512-byte block is its LBA, dword 1 the seed), per-command latency, and the one JSON line a run prints.
 */
#ifndef BENCH_NVME_LOOP_H
#define BENCH_NVME_LOOP_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LBA_BYTES 512u
#define IO_BYTES 4096u
#define BLOCKS_PER_IO (IO_BYTES / LBA_BYTES)

static inline uint64_t now_ns(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* xorshift32: the same generator the TypeScript loop uses, so every row reads the same kind of stream. */
static inline uint32_t next_random(uint32_t *s)
{
  uint32_t x = *s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *s = x;
}

/* A 4 KiB-aligned starting LBA inside a namespace of `blocks` 512-byte blocks. */
static inline uint32_t random_lba(uint32_t *s, uint32_t blocks)
{
  return (next_random(s) % (blocks / BLOCKS_PER_IO)) * BLOCKS_PER_IO;
}

/* 0 when the 4 KiB at `data` are blocks lba..lba+7 of the pattern with `seed` (their two header dwords). */
static inline int check_pattern(const volatile void *data, uint32_t lba, uint32_t seed)
{
  const volatile uint32_t *w = (const volatile uint32_t *)data;
  for (uint32_t b = 0; b < BLOCKS_PER_IO; b++) {
    if (w[b * (LBA_BYTES / 4)] != lba + b || w[b * (LBA_BYTES / 4) + 1] != seed) return -1;
  }
  return 0;
}

struct latencies {
  uint32_t *ns; /* per completed command, capped at cap */
  size_t n, cap;
};

static inline void lat_init(struct latencies *l, size_t cap)
{
  l->ns = calloc(cap, sizeof *l->ns);
  l->n = 0;
  l->cap = l->ns ? cap : 0;
}

static inline void lat_add(struct latencies *l, uint64_t ns)
{
  if (l->n < l->cap) l->ns[l->n++] = ns > UINT32_MAX ? UINT32_MAX : (uint32_t)ns;
}

static int cmp_u32(const void *a, const void *b)
{
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

/* Prints the run's one JSON line: {"row":…,"qd":…,"ios":…,"seconds":…,"iops":…,"p50Us":…,"p99Us":…,"bad":…}. */
static inline void print_result(const char *row, unsigned qd, struct latencies *l, uint64_t elapsed_ns, unsigned long bad)
{
  double p50 = 0, p99 = 0;
  if (l->n > 0) {
    qsort(l->ns, l->n, sizeof *l->ns, cmp_u32);
    p50 = l->ns[(l->n - 1) / 2] / 1000.0;
    p99 = l->ns[(size_t)((l->n - 1) * 0.99)] / 1000.0;
  }
  double s = elapsed_ns / 1e9;
  printf("{\"row\":\"%s\",\"qd\":%u,\"ios\":%zu,\"seconds\":%.3f,\"iops\":%.1f,\"p50Us\":%.1f,\"p99Us\":%.1f,\"bad\":%lu}\n", row, qd, l->n, s,
         s > 0 ? l->n / s : 0, p50, p99, bad);
  fflush(stdout);
}

#endif
