// specs/edu.regs, hand-lowered with the test IR builder (for model tests that must not depend on the
// compiler). The model finds registers by offset, so only offsets, widths and access matter here.
import type { IrDevice } from '../../../compiler/ir/ir.js';
import { bar, cause, device, field, group, reg, ref } from './ir-builder.js';

export function eduIr(): IrDevice {
  const ident = reg('ident', 0x00, 32, [field('magic', 0, 8, 'ro', 0xed), field('minor', 16, 8, 'ro', 0), field('major', 24, 8, 'ro', 1)]);
  const liveness = reg('liveness', 0x04, 32, 'rw');
  const factorial = reg('factorial', 0x08, 32, 'rw');
  const status = reg('status', 0x20, 32, [field('computing', 0, 1, 'ro'), field('irq_fact', 7, 1, 'rw')]);
  const irqStatus = reg('irq_status', 0x24, 32, [field('fact', 0, 1, 'ro'), field('dma', 8, 1, 'ro')]);
  const irqRaise = reg('irq_raise', 0x60, 32, [field('fact', 0, 1, 'wo'), field('dma', 8, 1, 'wo')]);
  const irqAck = reg('irq_ack', 0x64, 32, [field('fact', 0, 1, 'wo'), field('dma', 8, 1, 'wo')]);
  const dmaCmd = reg('dma_cmd', 0x98, 64, [field('start', 0, 1, 'pulse'), field('direction', 1, 1, 'rw'), field('irq', 2, 1, 'rw')]);
  const regs = [ident, liveness, factorial, status, irqStatus, irqRaise, irqAck, reg('dma_src', 0x80, 64), reg('dma_dst', 0x88, 64), reg('dma_count', 0x90, 64), dmaCmd];
  const vector = { kind: 'msi', index: 0 } as const;
  const irq = group('irq', [
    cause('fact', { status: ref(irqStatus, 'fact'), enable: { kind: 'field', ref: ref(status, 'irq_fact') }, ack: { kind: 'write', ref: ref(irqAck, 'fact') }, test: ref(irqRaise, 'fact'), vector }),
    cause('dma', { status: ref(irqStatus, 'dma'), enable: { kind: 'field', ref: ref(dmaCmd, 'irq') }, ack: { kind: 'write', ref: ref(irqAck, 'dma') }, test: ref(irqRaise, 'dma'), vector }),
  ]);
  return device('edu', [bar(0, 'regs', 1 << 20, regs)], { interrupts: [irq] });
}
