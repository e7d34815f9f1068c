/*
 * Row e of the NVMe guest benchmark: the guest kernel's nvme driver, measured the way fio's libaio
 * engine does it — O_DIRECT 4 KiB random reads of the namespace's block device through Linux native
 * AIO (io_setup / io_submit / io_getevents, raw syscalls: no libaio in the busybox guest), QD commands
 * in flight, each completion resubmitted at once.
 *
 * usage: kernel-aio DEVICE QD WARM_SECONDS SECONDS PATTERN_SEED BLOCKS RANDOM_SEED
 * Prints one JSON line (loop.h); exits 1 on any I/O error or pattern mismatch.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "loop.h"

#define MAX_QD 256

static long io_setup_(unsigned n, aio_context_t *ctx) { return syscall(SYS_io_setup, n, ctx); }
static long io_submit_(aio_context_t ctx, long n, struct iocb **v) { return syscall(SYS_io_submit, ctx, n, v); }
static long io_getevents_(aio_context_t ctx, long min, long max, struct io_event *ev) { return syscall(SYS_io_getevents, ctx, min, max, ev, NULL); }

int main(int argc, char **argv)
{
  if (argc != 8) {
    fprintf(stderr, "usage: %s DEVICE QD WARM_SECONDS SECONDS PATTERN_SEED BLOCKS RANDOM_SEED\n", argv[0]);
    return 2;
  }
  const char *dev = argv[1];
  unsigned qd = (unsigned)strtoul(argv[2], NULL, 0);
  double warm_seconds = strtod(argv[3], NULL);
  double seconds = strtod(argv[4], NULL);
  uint32_t seed = (uint32_t)strtoul(argv[5], NULL, 0);
  uint32_t blocks = (uint32_t)strtoul(argv[6], NULL, 0);
  uint32_t rnd = (uint32_t)strtoul(argv[7], NULL, 0) | 1;
  if (qd < 1 || qd > MAX_QD) {
    fprintf(stderr, "kernel-aio: QD %u is outside 1..%d\n", qd, MAX_QD);
    return 2;
  }
  int fd = open(dev, O_RDONLY | O_DIRECT);
  if (fd < 0) {
    fprintf(stderr, "kernel-aio: open(%s, O_DIRECT): %s\n", dev, strerror(errno));
    return 1;
  }
  aio_context_t ctx = 0;
  if (io_setup_(qd, &ctx) < 0) {
    fprintf(stderr, "kernel-aio: io_setup(%u): %s\n", qd, strerror(errno));
    return 1;
  }
  static struct iocb cbs[MAX_QD];
  static struct iocb *ptrs[MAX_QD];
  static uint32_t lbas[MAX_QD];
  static uint64_t started[MAX_QD];
  static struct io_event events[MAX_QD];
  uint8_t *buf;
  if (posix_memalign((void **)&buf, IO_BYTES, (size_t)qd * IO_BYTES) != 0) return 1;
  memset(buf, 0, (size_t)qd * IO_BYTES);

  struct latencies lat;
  lat_init(&lat, 1u << 22);
  unsigned long bad = 0;
  /* A command per slot; the slot index rides in aio_data. Completions in the first WARM_SECONDS are not measured. */
  uint64_t warm_until = now_ns() + (uint64_t)(warm_seconds * 1e9);
  uint64_t deadline = 0, t0 = 0;
  for (unsigned i = 0; i < qd; i++) {
    memset(&cbs[i], 0, sizeof cbs[i]);
    cbs[i].aio_fildes = (uint32_t)fd;
    cbs[i].aio_lio_opcode = IOCB_CMD_PREAD;
    cbs[i].aio_buf = (uint64_t)(uintptr_t)(buf + (size_t)i * IO_BYTES);
    cbs[i].aio_nbytes = IO_BYTES;
    cbs[i].aio_data = i;
    lbas[i] = random_lba(&rnd, blocks);
    cbs[i].aio_offset = (int64_t)lbas[i] * LBA_BYTES;
    ptrs[i] = &cbs[i];
    started[i] = now_ns();
  }
  if (io_submit_(ctx, qd, ptrs) != (long)qd) {
    fprintf(stderr, "kernel-aio: io_submit: %s\n", strerror(errno));
    return 1;
  }
  unsigned inflight = qd;
  int stopping = 0;
  while (inflight > 0) {
    long n = io_getevents_(ctx, 1, qd, events);
    if (n < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "kernel-aio: io_getevents: %s\n", strerror(errno));
      return 1;
    }
    uint64_t t = now_ns();
    long again = 0;
    for (long e = 0; e < n; e++) {
      unsigned i = (unsigned)events[e].data;
      inflight--;
      if (events[e].res != (int64_t)IO_BYTES) {
        fprintf(stderr, "kernel-aio: read of LBA %u returned %lld\n", lbas[i], (long long)events[e].res);
        return 1;
      }
      if (check_pattern(buf + (size_t)i * IO_BYTES, lbas[i], seed) != 0) bad++;
      if (!t0 && t >= warm_until) {
        t0 = t;
        deadline = t + (uint64_t)(seconds * 1e9);
      } else if (t0) lat_add(&lat, t - started[i]);
      if (deadline && t >= deadline) stopping = 1;
      if (stopping) continue;
      lbas[i] = random_lba(&rnd, blocks);
      cbs[i].aio_offset = (int64_t)lbas[i] * LBA_BYTES;
      started[i] = t;
      ptrs[again++] = &cbs[i];
    }
    if (again > 0) {
      if (io_submit_(ctx, again, ptrs) != again) {
        fprintf(stderr, "kernel-aio: io_submit: %s\n", strerror(errno));
        return 1;
      }
      inflight += (unsigned)again;
    }
  }
  print_result("kernel", qd, &lat, deadline ? now_ns() - t0 : 0, bad);
  syscall(SYS_io_destroy, ctx);
  close(fd);
  return bad ? 1 : 0;
}
