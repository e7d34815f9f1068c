/*
 * Row d of the NVMe guest benchmark: the same polled loop as the TypeScript driver's, in C, written
 * against the generated header (generated/nvme/nvme.h: register, doorbell and entry accessors) over VFIO
 * type1: open container, group and device; map BAR0; map one DMA area at an IOVA; reset and enable the
 * controller (NVMe 1.4 section 7.6.1); one I/O queue pair; QD1 and QD32 random 4 KiB reads (polled, the
 * CQ's interrupts disabled); shutdown (7.6.2). No raw register offsets: every access is a header function.
 *
 * usage: vfio-loop BDF ROW_WARM_SECONDS WARM_SECONDS SECONDS PATTERN_SEED RANDOM_SEED QD...
 * First an unreported run of ROW_WARM_SECONDS at the largest QD (as every row of the benchmark starts),
 * then per QD WARM_SECONDS unmeasured and SECONDS measured. Prints one JSON line per QD (loop.h); exits 1
 * on any error, naming the step.
 */
#define _GNU_SOURCE
#include <unistd.h>
#include "../c/vfio.h"
#include "loop.h"
#include "nvme.h"

#define DEPTH 64u /* entries per queue: at least QD + 1 */
#define IOVA_BASE 0x40000000ull
#define PAGE 4096u

static void fail(const char *what)
{
  fprintf(stderr, "vfio-loop: %s\n", what);
  exit(1);
}

static volatile uint8_t *bar;
static uint8_t *dma;   /* the whole DMA area, mapped at IOVA_BASE */
static size_t doorbell_stride; /* bytes between doorbells: 4 << CAP.DSTRD (NVMe 1.4 section 3.1.1) */
static uint32_t cap_to_ms;

/* DMA area layout, in pages. */
enum { ASQ_PAGE = 0, ACQ_PAGE = 1, IOSQ_PAGE = 2, IOCQ_PAGE = 3, ID_PAGE = 4, DATA_PAGE = 5 };
#define DMA_PAGES (DATA_PAGE + DEPTH)
static inline void *page_va(unsigned p) { return dma + (size_t)p * PAGE; }
static inline uint64_t page_iova(unsigned p) { return IOVA_BASE + (uint64_t)p * PAGE; }

struct queue {
  unsigned qid, sq_page, cq_page, tail, head, phase;
};

static void wait_csts(uint32_t mask, uint32_t want, const char *what)
{
  uint64_t deadline = now_ns() + (uint64_t)cap_to_ms * 1000000u;
  for (;;) {
    uint32_t c = nvme_csts_read(bar);
    if ((c & mask) == want) return;
    if (c & NVME_CSTS_CFS_MASK) fail("controller fatal status (CSTS.CFS)");
    if (now_ns() > deadline) {
      fprintf(stderr, "vfio-loop: timed out waiting for %s (CSTS 0x%x)\n", what, c);
      exit(1);
    }
    usleep(1000);
  }
}

static volatile uint8_t *sqe_at(struct queue *q) { return (volatile uint8_t *)page_va(q->sq_page) + (size_t)q->tail * NVME_SQE_SIZE; }

static void ring_sq(struct queue *q)
{
  __atomic_thread_fence(__ATOMIC_SEQ_CST); /* entries before the doorbell */
  nvme_doorbell_write(bar, 2u * q->qid, doorbell_stride, q->tail);
}

/* Consumes the CQ entry at the head if it is new (its phase tag is the expected one): 1 and its DW3, else 0. */
static int reap_one(struct queue *q, uint32_t *dw3)
{
  volatile uint8_t *e = (volatile uint8_t *)page_va(q->cq_page) + (size_t)q->head * NVME_CQE_SIZE;
  uint32_t d = nvme_cqe_dw3_get(e);
  if (((d & NVME_CQE_DW3_P_MASK) >> NVME_CQE_DW3_P_SHIFT) != q->phase) return 0;
  *dw3 = d;
  if (++q->head == DEPTH) {
    q->head = 0;
    q->phase ^= 1;
  }
  return 1;
}

static void ring_cq(struct queue *q) { nvme_doorbell_write(bar, 2u * q->qid + 1u, doorbell_stride, q->head); }

static struct queue admin = { 0, ASQ_PAGE, ACQ_PAGE, 0, 0, 1 };

/* Sends one admin command (cdw0 opcode, the rest filled by `fill`) and waits for its completion. */
static uint32_t admin_cmd(uint32_t opc, void (*fill)(volatile uint8_t *, void *), void *arg, const char *what)
{
  volatile uint8_t *e = sqe_at(&admin);
  for (unsigned i = 0; i < NVME_SQE_SIZE / 4; i++) ((volatile uint32_t *)e)[i] = 0;
  static uint16_t cid;
  cid++;
  nvme_sqe_cdw0_set(e, (opc << NVME_SQE_CDW0_OPC_SHIFT) | ((uint32_t)cid << NVME_SQE_CDW0_CID_SHIFT));
  fill(e, arg);
  admin.tail = (admin.tail + 1) % DEPTH;
  ring_sq(&admin);
  uint32_t dw3;
  uint64_t deadline = now_ns() + 5000000000ull;
  while (!reap_one(&admin, &dw3)) {
    if (now_ns() > deadline) {
      fprintf(stderr, "vfio-loop: %s: no completion in 5 s\n", what);
      exit(1);
    }
  }
  ring_cq(&admin);
  uint32_t sc = (dw3 & NVME_CQE_DW3_SC_MASK) >> NVME_CQE_DW3_SC_SHIFT, sct = (dw3 & NVME_CQE_DW3_SCT_MASK) >> NVME_CQE_DW3_SCT_SHIFT;
  if (sc || sct) {
    /* SC named by the table SCT selects (the spec's `enum by sct`). */
    const char *name = nvme_cqe_dw3_sc_name(sct, sc);
    fprintf(stderr, "vfio-loop: %s failed: %s (SCT %u SC 0x%x)\n", what, name ? name : "unnamed status", sct, sc);
    exit(1);
  }
  volatile uint8_t *c = (volatile uint8_t *)page_va(admin.cq_page) + (size_t)((admin.head + DEPTH - 1) % DEPTH) * NVME_CQE_SIZE;
  return nvme_cqe_dw0_get(c);
}

static void fill_queues(volatile uint8_t *e, void *arg)
{
  (void)arg;
  nvme_sqe_features_cdw10_set(e, NVME_FEATURE_ID_NUMBER_OF_QUEUES << NVME_SQE_FEATURES_CDW10_FID_SHIFT);
  nvme_sqe_features_cdw11_set(e, 0); /* one SQ, one CQ (0's based) */
}
static void fill_create_cq(volatile uint8_t *e, void *arg)
{
  struct queue *q = arg;
  nvme_sqe_create_io_cq_prp1_set(e, page_iova(q->cq_page));
  nvme_sqe_create_io_cq_cdw10_set(e, (q->qid << NVME_SQE_CREATE_IO_CQ_CDW10_QID_SHIFT) | ((DEPTH - 1) << NVME_SQE_CREATE_IO_CQ_CDW10_QSIZE_SHIFT));
  nvme_sqe_create_io_cq_cdw11_set(e, NVME_SQE_CREATE_IO_CQ_CDW11_PC_MASK); /* IEN = 0: polled */
}
static void fill_create_sq(volatile uint8_t *e, void *arg)
{
  struct queue *q = arg;
  nvme_sqe_create_io_sq_prp1_set(e, page_iova(q->sq_page));
  nvme_sqe_create_io_sq_cdw10_set(e, (q->qid << NVME_SQE_CREATE_IO_SQ_CDW10_QID_SHIFT) | ((DEPTH - 1) << NVME_SQE_CREATE_IO_SQ_CDW10_QSIZE_SHIFT));
  nvme_sqe_create_io_sq_cdw11_set(e, NVME_SQE_CREATE_IO_SQ_CDW11_PC_MASK | (q->qid << NVME_SQE_CREATE_IO_SQ_CDW11_CQID_SHIFT));
}
static void fill_delete(volatile uint8_t *e, void *arg)
{
  nvme_sqe_delete_io_queue_cdw10_set(e, *(unsigned *)arg << NVME_SQE_DELETE_IO_QUEUE_CDW10_QID_SHIFT);
}
static void fill_identify_ns(volatile uint8_t *e, void *arg)
{
  (void)arg;
  nvme_sqe_identify_nsid_set(e, 1);
  nvme_sqe_identify_prp1_set(e, page_iova(ID_PAGE));
  nvme_sqe_identify_cdw10_set(e, NVME_IDENTIFY_CNS_NAMESPACE << NVME_SQE_IDENTIFY_CDW10_CNS_SHIFT);
}

/* Writes one Read of 4 KiB at `lba` into data page `slot` at the SQ tail, CID = slot. */
static inline void submit_read(struct queue *q, unsigned slot, uint32_t lba)
{
  volatile uint8_t *e = sqe_at(q);
  nvme_sqe_rw_cdw0_set(e, (NVME_NVM_OPCODE_READ << NVME_SQE_RW_CDW0_OPC_SHIFT) | (slot << NVME_SQE_RW_CDW0_CID_SHIFT));
  nvme_sqe_rw_nsid_set(e, 1);
  nvme_sqe_rw_mptr_set(e, 0);
  nvme_sqe_rw_prp1_set(e, page_iova(DATA_PAGE + slot));
  nvme_sqe_rw_prp2_set(e, 0);
  nvme_sqe_rw_slba_set(e, lba);
  nvme_sqe_rw_cdw12_set(e, (BLOCKS_PER_IO - 1) << NVME_SQE_RW_CDW12_NLB_SHIFT);
  nvme_sqe_rw_cdw13_set(e, 0);
  nvme_sqe_rw_cdw14_set(e, 0);
  nvme_sqe_rw_cdw15_set(e, 0);
  q->tail = (q->tail + 1) % DEPTH;
}

static void run_qd(struct queue *q, unsigned qd, double warm_seconds, double seconds, uint32_t seed, uint32_t blocks, uint32_t *rnd, int report)
{
  static uint32_t lbas[DEPTH];
  static uint64_t started[DEPTH];
  struct latencies lat;
  lat_init(&lat, 1u << 22);
  unsigned long bad = 0;
  uint64_t warm_until = now_ns() + (uint64_t)(warm_seconds * 1e9);
  uint64_t t0 = 0, deadline = 0;
  for (unsigned s = 0; s < qd; s++) {
    lbas[s] = random_lba(rnd, blocks);
    started[s] = now_ns();
    submit_read(q, s, lbas[s]);
  }
  ring_sq(q);
  unsigned inflight = qd;
  int stopping = 0;
  while (inflight > 0) {
    uint32_t dw3;
    unsigned got = 0, again = 0;
    uint64_t t = 0; /* one clock read per batch reaped, as the TypeScript loop */
    while (reap_one(q, &dw3)) {
      got++;
      if (!t) t = now_ns();
      unsigned s = (dw3 & NVME_CQE_DW3_CID_MASK) >> NVME_CQE_DW3_CID_SHIFT;
      if (s >= qd || (dw3 & (NVME_CQE_DW3_SC_MASK | NVME_CQE_DW3_SCT_MASK))) {
        fprintf(stderr, "vfio-loop: Read LBA %u (CID %u) failed: DW3 0x%x\n", s < qd ? lbas[s] : 0, s, dw3);
        exit(1);
      }
      inflight--;
      if (check_pattern(page_va(DATA_PAGE + s), lbas[s], seed) != 0) bad++;
      if (!t0 && t >= warm_until) {
        t0 = t;
        deadline = t + (uint64_t)(seconds * 1e9);
      } else if (t0) lat_add(&lat, t - started[s]);
      if (deadline && t >= deadline) stopping = 1;
      if (stopping) continue;
      lbas[s] = random_lba(rnd, blocks);
      started[s] = t;
      submit_read(q, s, lbas[s]);
      again++;
      inflight++;
    }
    if (got) ring_cq(q);
    if (again) ring_sq(q);
  }
  if (report) print_result("c", qd, &lat, deadline ? now_ns() - t0 : 0, bad);
  else if (bad) fail("warm-up reads did not return the image pattern");
  free(lat.ns);
}

int main(int argc, char **argv)
{
  if (argc < 8) {
    fprintf(stderr, "usage: %s BDF ROW_WARM_SECONDS WARM_SECONDS SECONDS PATTERN_SEED RANDOM_SEED QD...\n", argv[0]);
    return 2;
  }
  const char *bdf = argv[1];
  double row_warm_seconds = strtod(argv[2], NULL);
  double warm_seconds = strtod(argv[3], NULL);
  double seconds = strtod(argv[4], NULL);
  uint32_t seed = (uint32_t)strtoul(argv[5], NULL, 0);
  uint32_t rnd = (uint32_t)strtoul(argv[6], NULL, 0) | 1;

  /* VFIO (bench/c/vfio.h): container, the device's group, IOMMU type1, BAR0, one DMA area at IOVA_BASE. */
  struct vfio_container container;
  vfio_open_container(&container);
  int device = vfio_open_device(&container, bdf);
  bar = vfio_map_bar(device, bdf, 0, NVME_BAR_REGS_SIZE);
  dma = vfio_map_dma(&container, (size_t)DMA_PAGES * PAGE, IOVA_BASE);

  /* Bring-up (7.6.1): CAP once, disable, admin queue, enable. */
  uint64_t cap = nvme_cap_read(bar);
  doorbell_stride = NVME_DOORBELL_STRIDE_OF((cap & NVME_CAP_DSTRD_MASK) >> NVME_CAP_DSTRD_SHIFT);
  cap_to_ms = (uint32_t)((cap & NVME_CAP_TO_MASK) >> NVME_CAP_TO_SHIFT) * 500u + 500u;
  if (((cap & NVME_CAP_MQES_MASK) >> NVME_CAP_MQES_SHIFT) + 1 < DEPTH) fail("CAP.MQES is below the queue depth");
  if (nvme_cc_read(bar) & NVME_CC_EN_MASK) nvme_cc_modify(bar, NVME_CC_EN_MASK, 0);
  wait_csts(NVME_CSTS_RDY_MASK, 0, "CSTS.RDY = 0");
  nvme_aqa_write(bar, ((DEPTH - 1) << NVME_AQA_ASQS_SHIFT) | ((DEPTH - 1) << NVME_AQA_ACQS_SHIFT));
  nvme_asq_write(bar, page_iova(ASQ_PAGE));
  nvme_acq_write(bar, page_iova(ACQ_PAGE));
  nvme_cc_write(bar, NVME_CC_EN_MASK | (NVME_CC_CSS_NVM << NVME_CC_CSS_SHIFT) | (6u << NVME_CC_IOSQES_SHIFT) | (4u << NVME_CC_IOCQES_SHIFT));
  wait_csts(NVME_CSTS_RDY_MASK, NVME_CSTS_RDY_MASK, "CSTS.RDY = 1");

  admin_cmd(NVME_ADMIN_OPCODE_IDENTIFY, fill_identify_ns, NULL, "Identify Namespace");
  uint32_t blocks = (uint32_t)nvme_identify_namespace_nsze_get(page_va(ID_PAGE));
  admin_cmd(NVME_ADMIN_OPCODE_SET_FEATURES, fill_queues, NULL, "Set Features (Number of Queues)");
  struct queue io = { 1, IOSQ_PAGE, IOCQ_PAGE, 0, 0, 1 };
  admin_cmd(NVME_ADMIN_OPCODE_CREATE_IO_CQ, fill_create_cq, &io, "Create I/O Completion Queue 1");
  admin_cmd(NVME_ADMIN_OPCODE_CREATE_IO_SQ, fill_create_sq, &io, "Create I/O Submission Queue 1");

  unsigned max_qd = 0;
  for (int a = 7; a < argc; a++) {
    unsigned qd = (unsigned)strtoul(argv[a], NULL, 0);
    if (qd < 1 || qd >= DEPTH) fail("QD must be 1..63");
    if (qd > max_qd) max_qd = qd;
  }
  if (row_warm_seconds > 0) run_qd(&io, max_qd, 0, row_warm_seconds, seed, blocks, &rnd, 0);
  for (int a = 7; a < argc; a++) run_qd(&io, (unsigned)strtoul(argv[a], NULL, 0), warm_seconds, seconds, seed, blocks, &rnd, 1);

  /* Shutdown (7.6.2): SQ, then CQ, then CC.SHN = normal. */
  admin_cmd(NVME_ADMIN_OPCODE_DELETE_IO_SQ, fill_delete, &io.qid, "Delete I/O Submission Queue 1");
  admin_cmd(NVME_ADMIN_OPCODE_DELETE_IO_CQ, fill_delete, &io.qid, "Delete I/O Completion Queue 1");
  nvme_cc_modify(bar, NVME_CC_SHN_MASK, NVME_CC_SHN_NORMAL << NVME_CC_SHN_SHIFT);
  wait_csts(NVME_CSTS_SHST_MASK, NVME_CSTS_SHST_COMPLETE << NVME_CSTS_SHST_SHIFT, "CSTS.SHST = complete");
  vfio_unmap_dma(&container, (size_t)DMA_PAGES * PAGE, IOVA_BASE);
  close(device);
  return 0;
}
