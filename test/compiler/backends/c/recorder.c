/*
 * A memory-recording shim for the C back-end tests (x86-64 Linux): every load and store the code
 * under test makes to one region, in program order, with the value of each store. The region is
 * PROT_NONE while recording; each access faults, the handler records it (the page-fault error code
 * says read or write), opens the region and single-steps the faulting instruction (the trap flag),
 * then closes the region again. Included (#include "recorder.c") by the generated test programs.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define REC_MAX 4096
#define REC_TRAP_FLAG 0x100

typedef struct {
  char kind; /* 'r' or 'w' */
  size_t off;
  uint64_t after; /* for 'w': the 8 bytes at off after the store (the test masks them to the width) */
} rec_access;

static uint8_t *rec_region;
static size_t rec_size;
/* volatile: the handlers change them between the code under test's accesses. */
static rec_access rec_log[REC_MAX];
static volatile size_t rec_n;
static volatile int rec_lost;
static volatile uintptr_t rec_addr;
static volatile int rec_write;

static void rec_die(const char *why) {
  ssize_t ignored = write(2, why, strlen(why));
  (void)ignored;
  _exit(3);
}

static void rec_segv(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = (ucontext_t *)ctx;
  uintptr_t a = (uintptr_t)si->si_addr;
  (void)sig;
  if (a < (uintptr_t)rec_region || a >= (uintptr_t)rec_region + rec_size) rec_die("recorder: fault outside the region\n");
  rec_addr = a;
  rec_write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
  if (mprotect(rec_region, rec_size, PROT_READ | PROT_WRITE) != 0) rec_die("recorder: mprotect open failed\n");
  uc->uc_mcontext.gregs[REG_EFL] |= REC_TRAP_FLAG;
}

static void rec_trap(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = (ucontext_t *)ctx;
  (void)sig;
  (void)si;
  uc->uc_mcontext.gregs[REG_EFL] &= ~(greg_t)REC_TRAP_FLAG;
  if (rec_n < REC_MAX) {
    rec_access *r = &rec_log[rec_n];
    rec_n = rec_n + 1;
    r->kind = rec_write ? 'w' : 'r';
    r->off = (size_t)(rec_addr - (uintptr_t)rec_region);
    r->after = 0;
    if (rec_write) {
      size_t k = rec_size - r->off < 8 ? rec_size - r->off : 8;
      memcpy(&r->after, rec_region + r->off, k);
    }
  } else {
    rec_lost = 1;
  }
  if (mprotect(rec_region, rec_size, PROT_NONE) != 0) rec_die("recorder: mprotect close failed\n");
}

/* Maps a zeroed region of `size` bytes (page-rounded) and installs the handlers. */
static uint8_t *rec_init(size_t size) {
  long page = sysconf(_SC_PAGESIZE);
  rec_size = (size + (size_t)page - 1) / (size_t)page * (size_t)page;
  void *p = mmap(NULL, rec_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) rec_die("recorder: mmap failed\n");
  rec_region = (uint8_t *)p;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_flags = SA_SIGINFO;
  sa.sa_sigaction = rec_segv;
  sigaction(SIGSEGV, &sa, NULL);
  sa.sa_sigaction = rec_trap;
  sigaction(SIGTRAP, &sa, NULL);
  return rec_region;
}

static void rec_begin(void) {
  rec_n = 0;
  rec_lost = 0;
  if (mprotect(rec_region, rec_size, PROT_NONE) != 0) rec_die("recorder: mprotect failed\n");
}

/* Stops recording and prints one line per access: `r OFF` or `w OFF AFTER` (hex). */
static void rec_end(void) {
  if (mprotect(rec_region, rec_size, PROT_READ | PROT_WRITE) != 0) rec_die("recorder: mprotect failed\n");
  if (rec_lost) rec_die("recorder: log full\n");
  for (size_t i = 0; i < rec_n; i++) {
    if (rec_log[i].kind == 'r') printf("r %zx\n", rec_log[i].off);
    else printf("w %zx %llx\n", rec_log[i].off, (unsigned long long)rec_log[i].after);
  }
}
