/*
 * The C row of the NIC guest benchmark (bench/nic/): the loops of examples/nic's Generator and Forwarder
 * (programs.ts) over the same four QEMU e1000e ports (A, B on hub 0; C, D on hub 1), written against the
 * generated header (generated/e1000e/e1000e.h: register and descriptor accessors) over VFIO type1, and
 * set up as examples/nic/driver.ts sets a port up (promiscuous, CRC stripped, 2048-byte buffers). All
 * four ports share one container (one IOMMU domain, one DMA area); the forwarder still copies each frame
 * into the sending port's buffer, as the TypeScript forwarder must (the runtime gives every device its
 * own container), so both do the same work per frame.
 *
 * usage: nicbench BDF_A BDF_B BDF_C BDF_D WARM_SECONDS SECONDS BATCH...
 *   gen: port A sends 60-byte broadcast frames, each re-stamped with its sequence number and pattern
 *        (B takes them, nobody polls it) — frames/s sent.
 *   fwd: A sends BATCH frames to B, the forwarder receives up to BATCH on B and sends them out of C, D
 *        takes them; frames/s over the forwarder's own time (receive, copy, send), and the latency of
 *        each frame from A's tail write to D's receive (p50, p99).
 * Prints one JSON line per mode and batch: NICBENCH {"row":"c",…}. Exits 1 naming the failed step.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../c/vfio.h"
#include "e1000e.h"

#define PORTS 4
#define ENTRIES 256u
#define BUF 2048u
#define FRAME 60u
#define IOVA_BASE 0x10000000ull
#define MAX_SAMPLES (1u << 20)

struct port {
  volatile uint8_t *bar;
  uint8_t *ring_rx, *ring_tx, *buf_rx, *buf_tx; /* host addresses */
  uint64_t iova_ring_rx, iova_ring_tx, iova_rx, iova_tx;
  unsigned rx_tail, rx_head, tx_tail, tx_head, tx_inflight;
  uint8_t mac[6];
};

static struct port ports[PORTS];
static double *samples;
static unsigned nsamples;
static double sent_at[1u << 16];

static void die(const char *what) {
  fprintf(stderr, "nicbench: %s: %s\n", what, strerror(errno));
  exit(1);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void init_port(struct port *p, uint8_t *area, uint64_t iova) {
  volatile uint8_t *b = p->bar;
  e1000e_imc_write(b, 0xffffffffu);
  e1000e_icr_write(b, 0xffffffffu);
  e1000e_rctl_write(b, 0);
  e1000e_tctl_write(b, 0);
  e1000e_ctrl_modify(b, 0, E1000E_CTRL_SLU_MASK);
  uint32_t lo = e1000e_ral_read(b, 0), hi = e1000e_rah_read(b, 0) & E1000E_RAH_ADDR_MASK;
  uint8_t mac[6] = { (uint8_t)lo, (uint8_t)(lo >> 8), (uint8_t)(lo >> 16), (uint8_t)(lo >> 24), (uint8_t)hi, (uint8_t)(hi >> 8) };
  memcpy(p->mac, mac, 6);
  p->ring_rx = area;
  p->ring_tx = area + ENTRIES * 16;
  p->buf_rx = area + 8192;
  p->buf_tx = p->buf_rx + ENTRIES * BUF;
  p->iova_ring_rx = iova;
  p->iova_ring_tx = iova + ENTRIES * 16;
  p->iova_rx = iova + 8192;
  p->iova_tx = p->iova_rx + ENTRIES * BUF;
  e1000e_rxq_rdbal_write(b, 0, (uint32_t)p->iova_ring_rx);
  e1000e_rxq_rdbah_write(b, 0, (uint32_t)(p->iova_ring_rx >> 32));
  e1000e_rxq_rdlen_write(b, 0, ENTRIES * 16);
  e1000e_rxq_rdh_write(b, 0, 0);
  e1000e_rxq_rdt_write(b, 0, 0);
  e1000e_txq_tdbal_write(b, 0, (uint32_t)p->iova_ring_tx);
  e1000e_txq_tdbah_write(b, 0, (uint32_t)(p->iova_ring_tx >> 32));
  e1000e_txq_tdlen_write(b, 0, ENTRIES * 16);
  e1000e_txq_tdh_write(b, 0, 0);
  e1000e_txq_tdt_write(b, 0, 0);
  for (unsigned i = 0; i < ENTRIES - 1; i++) {
    uint8_t *d = p->ring_rx + i * 16;
    e1000e_rx_desc_buffer_addr_set(d, p->iova_rx + i * BUF);
    e1000e_rx_desc_status_set(d, 0);
  }
  p->rx_tail = ENTRIES - 1;
  p->rx_head = 0;
  e1000e_release_fence();
  e1000e_rxq_rdt_write(b, 0, p->rx_tail);
  p->tx_tail = p->tx_head = p->tx_inflight = 0;
  /* As examples/nic/driver.ts: promiscuous (like ixy), CRC stripped, BSIZE 0 = 2048 bytes. */
  e1000e_rctl_write(b, E1000E_RCTL_EN_MASK | E1000E_RCTL_UPE_MASK | E1000E_RCTL_MPE_MASK | E1000E_RCTL_BAM_MASK | E1000E_RCTL_SECRC_MASK);
  e1000e_tctl_write(b, E1000E_TCTL_EN_MASK | E1000E_TCTL_PSP_MASK);
  double deadline = now() + 2;
  while (!(e1000e_status_read(b) & E1000E_STATUS_LU_MASK))
    if (now() > deadline) { errno = ETIMEDOUT; die("link up"); }
}

/* Done transmit descriptors from the head; returns the free slots. */
static unsigned reclaim(struct port *p) {
  while (p->tx_inflight > 0 && e1000e_tx_desc_is_done(p->ring_tx + p->tx_head * 16)) {
    p->tx_head = (p->tx_head + 1) % ENTRIES;
    p->tx_inflight--;
  }
  return ENTRIES - 1 - p->tx_inflight;
}

/* Publishes n already-filled transmit slots from the tail (lengths in len[]): body, fence, status, one TDT write. */
static void publish_tx(struct port *p, unsigned n, const uint16_t *len) {
  unsigned slot = p->tx_tail;
  for (unsigned k = 0; k < n; k++) {
    uint8_t *d = p->ring_tx + slot * 16;
    e1000e_tx_desc_buffer_addr_set(d, p->iova_tx + slot * BUF);
    e1000e_tx_desc_length_set(d, len[k]);
    e1000e_tx_desc_cmd_set(d, E1000E_TX_DESC_CMD_EOP_MASK | E1000E_TX_DESC_CMD_IFCS_MASK | E1000E_TX_DESC_CMD_RS_MASK);
    slot = (slot + 1) % ENTRIES;
  }
  e1000e_release_fence();
  slot = p->tx_tail;
  for (unsigned k = 0; k < n; k++) {
    e1000e_tx_desc_status_set(p->ring_tx + slot * 16, 0);
    slot = (slot + 1) % ENTRIES;
  }
  e1000e_release_fence();
  p->tx_tail = slot;
  p->tx_inflight += n;
  e1000e_txq_tdt_write(p->bar, 0, slot);
}

static void frame_header(uint8_t *f, const uint8_t *dst, const uint8_t *src) {
  memcpy(f, dst, 6);
  memcpy(f + 6, src, 6);
  f[12] = 0x88;
  f[13] = 0xb5;
  memcpy(f + 14, "RGML", 4);
}

static void put_seq(uint8_t *f, uint32_t seq) {
  f[18] = (uint8_t)(seq >> 24); f[19] = (uint8_t)(seq >> 16); f[20] = (uint8_t)(seq >> 8); f[21] = (uint8_t)seq;
}

static uint32_t get_seq(const uint8_t *f) {
  return (uint32_t)f[18] << 24 | (uint32_t)f[19] << 16 | (uint32_t)f[20] << 8 | f[21];
}

static uint16_t lens[ENTRIES];
/* (seq × 31 + i) & 0xff from i = 22 is a slice of this ramp (examples/nic/frame.ts FrameStamper). */
static uint8_t ramp[256 + FRAME];

/* Sends up to n 60-byte frames from p, sequence numbers from *seq, each re-stamped; returns how many. */
static unsigned send_batch(struct port *p, unsigned n, uint32_t *seq, int stamp) {
  unsigned free_slots = reclaim(p);
  if (n > free_slots) n = free_slots;
  unsigned slot = p->tx_tail;
  double t = stamp ? now() : 0;
  for (unsigned k = 0; k < n; k++) {
    uint8_t *f = p->buf_tx + slot * BUF;
    put_seq(f, *seq);
    memcpy(f + 22, ramp + ((*seq * 31u + 22u) & 0xffu), FRAME - 22);
    if (stamp) sent_at[*seq & 0xffff] = t;
    (*seq)++;
    lens[k] = FRAME;
    slot = (slot + 1) % ENTRIES;
  }
  if (n) publish_tx(p, n, lens);
  return n;
}

/* Gives n receive slots back from the tail (same buffer per slot), one RDT write. */
static void refill(struct port *p, unsigned n) {
  unsigned slot = p->rx_tail;
  for (unsigned k = 0; k < n; k++) {
    uint8_t *d = p->ring_rx + slot * 16;
    e1000e_rx_desc_buffer_addr_set(d, p->iova_rx + slot * BUF);
    slot = (slot + 1) % ENTRIES;
  }
  e1000e_release_fence();
  slot = p->rx_tail;
  for (unsigned k = 0; k < n; k++) {
    e1000e_rx_desc_status_set(p->ring_rx + slot * 16, 0);
    slot = (slot + 1) % ENTRIES;
  }
  e1000e_release_fence();
  p->rx_tail = slot;
  e1000e_rxq_rdt_write(p->bar, 0, slot);
}

/* B → C: up to max frames received on in, copied into out's buffers, sent; returns how many. */
static unsigned forward(struct port *in, struct port *out, unsigned max) {
  unsigned room = reclaim(out);
  if (max > room) max = room;
  unsigned n = 0, slot = in->rx_head, oslot = out->tx_tail;
  /* Never past the tail: the slot there is not the device's and still holds last lap's DD. */
  while (n < max && slot != in->rx_tail && e1000e_rx_desc_is_done(in->ring_rx + slot * 16)) {
    unsigned len = e1000e_rx_desc_length_get(in->ring_rx + slot * 16);
    uint8_t *o = out->buf_tx + oslot * BUF;
    memcpy(o, in->buf_rx + slot * BUF, len);
    lens[n++] = (uint16_t)len;
    slot = (slot + 1) % ENTRIES;
    oslot = (oslot + 1) % ENTRIES;
  }
  if (n == 0) return 0;
  in->rx_head = slot;
  publish_tx(out, n, lens);
  refill(in, n);
  return n;
}

/* D takes what C forwarded: latency samples from the sequence numbers; returns how many. */
static unsigned sink(struct port *p, unsigned max, int sample) {
  unsigned n = 0, slot = p->rx_head;
  double t = now();
  while (n < max && slot != p->rx_tail && e1000e_rx_desc_is_done(p->ring_rx + slot * 16)) {
    if (sample && nsamples < MAX_SAMPLES) samples[nsamples++] = t - sent_at[get_seq(p->buf_rx + slot * BUF) & 0xffff];
    n++;
    slot = (slot + 1) % ENTRIES;
  }
  if (n == 0) return 0;
  p->rx_head = slot;
  refill(p, n);
  return n;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void run_gen(unsigned batch, double warm, double seconds) {
  struct port *a = &ports[0];
  uint32_t seq = 0;
  unsigned long frames = 0;
  double end = now() + warm;
  while (now() < end) send_batch(a, batch, &seq, 0);
  double t0 = now();
  end = t0 + seconds;
  while (now() < end) frames += send_batch(a, batch, &seq, 0);
  double s = now() - t0;
  printf("NICBENCH {\"row\":\"c\",\"mode\":\"gen\",\"batch\":%u,\"frames\":%lu,\"seconds\":%.4f,\"fps\":%.0f}\n", batch, frames, s, frames / s);
  fflush(stdout);
  while (reclaim(a) < ENTRIES - 1) {}
  /* B's ring and QEMU's queue filled while nobody polled it: empty them before forwarding. */
  for (int i = 0; i < 100; i++) sink(&ports[1], ENTRIES, 0);
}

static void run_fwd(unsigned batch, double warm, double seconds) {
  struct port *a = &ports[0], *b = &ports[1], *c = &ports[2], *d = &ports[3];
  uint32_t seq = 0;
  unsigned long frames = 0, back = 0;
  double fwd_time = 0;
  for (int measured = 0; measured < 2; measured++) {
    double end = now() + (measured ? seconds : warm);
    nsamples = 0;
    while (now() < end) {
      send_batch(a, batch, &seq, 1);
      double t = now();
      unsigned n = forward(b, c, batch);
      double dt = now() - t;
      unsigned k = sink(d, ENTRIES, measured);
      if (measured) { frames += n; fwd_time += dt; back += k; }
    }
  }
  /* Drain what is still in flight so the next batch starts empty. */
  for (int i = 0; i < 100; i++) { forward(b, c, ENTRIES); sink(d, ENTRIES, 0); reclaim(a); reclaim(c); }
  qsort(samples, nsamples, sizeof *samples, cmp);
  double p50 = nsamples ? samples[nsamples / 2] : 0, p99 = nsamples ? samples[(unsigned)(nsamples * 0.99)] : 0;
  printf("NICBENCH {\"row\":\"c\",\"mode\":\"fwd\",\"batch\":%u,\"frames\":%lu,\"returned\":%lu,\"seconds\":%.4f,\"fps\":%.0f,\"p50us\":%.1f,\"p99us\":%.1f}\n",
         batch, frames, back, fwd_time, fwd_time > 0 ? frames / fwd_time : 0, p50 * 1e6, p99 * 1e6);
  fflush(stdout);
}

int main(int argc, char **argv) {
  if (argc < 8) {
    fprintf(stderr, "usage: nicbench BDF_A BDF_B BDF_C BDF_D WARM_SECONDS SECONDS BATCH...\n");
    return 2;
  }
  double warm = atof(argv[5]), seconds = atof(argv[6]);
  for (unsigned i = 0; i < sizeof ramp; i++) ramp[i] = (uint8_t)i;
  /* VFIO (bench/c/vfio.h): all four ports in one container, one DMA area at IOVA_BASE. */
  struct vfio_container container;
  vfio_open_container(&container);
  for (int i = 0; i < PORTS; i++) ports[i].bar = vfio_map_bar(vfio_open_device(&container, argv[1 + i]), argv[1 + i], 0, E1000E_BAR_REGS_SIZE);
  size_t per_port = 8192 + 2 * ENTRIES * BUF;
  uint8_t *area = vfio_map_dma(&container, PORTS * per_port, IOVA_BASE);
  samples = malloc(MAX_SAMPLES * sizeof *samples);
  if (!samples) die("malloc");
  for (int i = 0; i < PORTS; i++) init_port(&ports[i], area + i * per_port, IOVA_BASE + i * per_port);
  /* Every transmit buffer starts as a broadcast test frame from its port (as examples/nic's Generator
   * writes them); the generator re-stamps sequence number and pattern, the forwarder overwrites it. */
  static const uint8_t broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
  for (int i = 0; i < PORTS; i++)
    for (unsigned s = 0; s < ENTRIES; s++) frame_header(ports[i].buf_tx + s * BUF, broadcast, ports[i].mac);
  for (int i = 7; i < argc; i++) {
    unsigned batch = (unsigned)atoi(argv[i]);
    if (batch < 1 || batch > ENTRIES) { fprintf(stderr, "nicbench: batch %u out of range (1..%u)\n", batch, ENTRIES); return 2; }
    run_gen(batch, warm, seconds);
    run_fwd(batch, warm, seconds);
  }
  for (int i = 0; i < PORTS; i++) { e1000e_rctl_write(ports[i].bar, 0); e1000e_tctl_write(ports[i].bar, 0); }
  return 0;
}
