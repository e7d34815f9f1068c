/*
 * The worked example of docs/language.md "Safe writes", run through the generated C accessors over a
 * plain array standing in for the BAR: EN[0] rw, MODE[2:1] rw, DONE[3] w1c, OVF[4] w0c, KICK[5]
 * pulse, ID[31:24] ro. Prints one line per check and exits non-zero at the first failure.
 */
#include <stdio.h>
#include <string.h>

#include "safe.h"

static uint64_t bar[SAFE_BAR_REGS_SIZE / 8];
static int failures;

#define CHECK(what, got, want)                                                                     \
  do {                                                                                             \
    unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want);            \
    printf("%s %s: 0x%llx (want 0x%llx)\n", g_ == w_ ? "ok" : "FAIL", what, g_, w_);               \
    if (g_ != w_) failures++;                                                                      \
  } while (0)

static uint32_t word32(size_t off) {
  uint32_t v;
  memcpy(&v, (const uint8_t *)bar + off, sizeof v);
  return v;
}
static void set32(size_t off, uint32_t v) { memcpy((uint8_t *)bar + off, &v, sizeof v); }
static uint16_t word16(size_t off) {
  uint16_t v;
  memcpy(&v, (const uint8_t *)bar + off, sizeof v);
  return v;
}

int main(void) {
  volatile uint8_t *base = (volatile uint8_t *)bar;

  CHECK("keep", SAFE_CTRL_KEEP, 0x07);
  CHECK("w1Effect", SAFE_CTRL_W1_EFFECT, 0x28);
  CHECK("w0Effect", SAFE_CTRL_W0_EFFECT, 0x10);

  /* Read 0x5a00001e, set EN: (0x1e & 0x07) | 0x10 = 0x16, then EN -> 0x17. */
  set32(SAFE_CTRL_OFFSET, 0x5a00001eu);
  safe_ctrl_modify(base, SAFE_CTRL_EN_MASK, SAFE_CTRL_EN_MASK);
  CHECK("modify(en=1)", word32(SAFE_CTRL_OFFSET), 0x17);

  /* Field values through SHIFT/MASK: mode = fast. */
  set32(SAFE_CTRL_OFFSET, 0x5a00001eu);
  safe_ctrl_modify(base, SAFE_CTRL_MODE_MASK, (uint32_t)SAFE_CTRL_MODE_FAST << SAFE_CTRL_MODE_SHIFT);
  CHECK("modify(mode=fast)", word32(SAFE_CTRL_OFFSET), 0x14);

  /* ack DONE keeps EN/MODE, writes OVF 1: 0x16 | 0x08 = 0x1e; clear OVF: 0x16 & ~0x10 = 0x06. */
  set32(SAFE_CTRL_OFFSET, 0x5a00001eu);
  safe_ctrl_ack(base, SAFE_CTRL_DONE_MASK);
  CHECK("ack(done)", word32(SAFE_CTRL_OFFSET), 0x1e);
  set32(SAFE_CTRL_OFFSET, 0x5a00001eu);
  safe_ctrl_clear(base, SAFE_CTRL_OVF_MASK);
  CHECK("clear(ovf)", word32(SAFE_CTRL_OFFSET), 0x06);
  /* Bits that are not w1c/w1t are not acked. */
  set32(SAFE_CTRL_OFFSET, 0x5a00001eu);
  safe_ctrl_ack(base, SAFE_CTRL_DONE_MASK | SAFE_CTRL_KICK_MASK);
  CHECK("ack(done|kick) leaves kick 0", word32(SAFE_CTRL_OFFSET), 0x1e);

  /* write() from WRITE_BASE: reset 0, so only OVF (w0c, written 1) is set. */
  safe_ctrl_write(base, SAFE_CTRL_WRITE_BASE | SAFE_CTRL_EN_MASK);
  CHECK("write(en=1)", word32(SAFE_CTRL_OFFSET), 0x11);

  /* Read-free ack on a w1c-only register: exactly the bits named. */
  set32(SAFE_ISR_OFFSET, 0xffffffffu);
  safe_isr_ack(base, SAFE_ISR_B_MASK);
  CHECK("isr ack(b)", word32(SAFE_ISR_OFFSET), 0x2);

  /* Read-free clear on a w0c-only 16-bit register with `ones` reserved bits. */
  safe_flags_clear(base, SAFE_FLAGS_X_MASK);
  CHECK("flags clear(x)", word16(SAFE_FLAGS_OFFSET), 0xff08);

  /* rc register: the read is named for its side effect. */
  ((uint8_t *)bar)[SAFE_CAUSE_OFFSET] = 0x5a;
  CHECK("cause read_clears", safe_cause_read_clears(base), 0x5a);

  /* 64-bit registers: one uint64_t access. */
  safe_scratch_write(base, UINT64_C(0x0123456789abcdef));
  CHECK("scratch 64-bit", bar[SAFE_SCRATCH_OFFSET / 8], UINT64_C(0x0123456789abcdef));
  CHECK("scratch read", safe_scratch_read(base), UINT64_C(0x0123456789abcdef));

  /* Arrays: offset + i * stride, one index per level. */
  safe_lut_write(base, 3, 0xcafe);
  CHECK("lut[3] at 0x58", word32(0x58), 0xcafe);
  safe_q_ctl_write(base, 2, 1, 0xabcd);
  CHECK("q[2].ctl[1] at 0x194", word32(0x100 + 2 * 0x40 + 0x10 + 1 * 4), 0xabcd);
  safe_q_sub_r_write(base, 3, 1, 0xbeef);
  CHECK("q[3].sub[1].r at 0x1f4", word16(0x100 + 3 * 0x40 + 0x20 + 1 * 0x10 + 4), 0xbeef);
  CHECK("q[3].sub[1].r read", safe_q_sub_r_read(base, 3, 1), 0xbeef);

  /* DMA layout words over host memory: plain accesses at entry + offset (+ i * stride). */
  {
    static uint64_t ring[4][SAFE_DESC_SIZE / 8];
    volatile void *e = ring[1];
    uint16_t tag;
    safe_desc_addr_set(e, UINT64_C(0x1122334455667788));
    safe_desc_len_set(e, 1500);
    safe_desc_tags_set(e, 1, 0x0bad);
    safe_desc_flags_set(e, (uint8_t)SAFE_DESC_OWNER_VALUE);
    CHECK("desc addr", ring[1][0], UINT64_C(0x1122334455667788));
    CHECK("desc len", safe_desc_len_get(e), 1500);
    memcpy(&tag, (const uint8_t *)ring[1] + 14, sizeof tag);
    CHECK("desc tags[1] at +14", tag, 0x0bad);
    CHECK("desc owner value is flags.own", SAFE_DESC_OWNER_VALUE, SAFE_DESC_FLAGS_OWN_MASK);
    CHECK("desc not done", safe_desc_is_done(e), 0);
    safe_desc_flags_set(e, (uint8_t)(safe_desc_flags_get(e) | SAFE_DESC_FLAGS_DONE_MASK));
    CHECK("desc done", safe_desc_is_done(e), 1);
    CHECK("ring entry size", SAFE_RX_RING_ENTRY_SIZE, 16);
  }

  return failures == 0 ? 0 : 1;
}
