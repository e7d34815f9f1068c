// Access rules live in the generated types. This file is only type-checked (`tsc --noEmit` in npm test
// covers test/): each @ts-expect-error must meet an error, or tsc fails with "unused directive" — so
// every marked line proves an operation is absent. The unmarked lines prove the allowed ones exist.
import type { DemoRegs } from './golden/demo.js';
import type { IrqdemoAdc, IrqdemoMain } from './golden/irqdemo.js';
import type { TxDesc } from './golden/nic.js';
import { CtrlMode as CtrlModeValues, type CtrlMode } from './golden/demo.js';

export function accessRules(regs: DemoRegs, adc: IrqdemoAdc, main: IrqdemoMain, desc: TxDesc): void {
  // read-only: no write, no modify
  regs.ident.read();
  // @ts-expect-error ident is read-only
  regs.ident.write(1);
  // @ts-expect-error ident is read-only
  regs.ident.modify({ value: 1 });

  // write-only: no read, no get, no modify
  regs.doorbell.write(1);
  // @ts-expect-error doorbell is write-only
  regs.doorbell.read();
  // @ts-expect-error doorbell is write-only
  regs.doorbell.get('value');
  // @ts-expect-error doorbell is write-only
  regs.doorbell.modify({ value: 1 });

  // clear-on-read: the read is named for its effect; nothing reads it implicitly
  regs.icr.readAndClear();
  // @ts-expect-error icr: no plain read
  regs.icr.read();
  // @ts-expect-error icr: no get() (a hidden clearing read)
  regs.icr.get('txdw');
  // @ts-expect-error icr: no modify
  regs.icr.modify({});
  // @ts-expect-error icr is read-only
  regs.icr.write(0);

  // set-on-read
  regs.sema.readAndSet();
  // @ts-expect-error sema: no plain read
  regs.sema.read();

  // any-write effect (wclr): write yes, modify no
  regs.errors.write({ count: 0 });
  // @ts-expect-error errors: no modify
  regs.errors.modify({ count: 0 });

  // fields: only writable ones, typed values
  regs.ctrl.write({ en: true, mode: 'blink' });
  regs.ctrl.modify({ mode: 2, kick: 1 });
  // @ts-expect-error id is read-only
  regs.ctrl.write({ id: 1 });
  // @ts-expect-error not a name of ctrl_mode
  regs.ctrl.write({ mode: 'fast' });
  // @ts-expect-error a flag takes a boolean or 0/1
  regs.ctrl.write({ en: 2 });
  const mode: CtrlMode | number = regs.ctrl.get('mode');
  // enum constants keep their literal types; the type is the union of documented values
  const blink: 1 = CtrlModeValues.blink;
  // @ts-expect-error 7 is not a documented ctrl_mode value
  const undocumented: CtrlMode = 7;
  const en: boolean = regs.ctrl.get('en');
  // @ts-expect-error a flag reads as a boolean
  const notNumber: number = regs.ctrl.get('en');

  // ack only w1c/w1t fields, clear only w0c fields; none where the register has no such field
  regs.ctrl.ack('done');
  regs.ctrl.clear('ovf');
  // @ts-expect-error en is not w1c
  regs.ctrl.ack('en');
  // @ts-expect-error done is not w0c
  regs.ctrl.clear('done');
  // @ts-expect-error flags has only w0c fields: no ack
  regs.flags.ack('ovr');
  // @ts-expect-error ident has nothing to ack
  regs.ident.ack('value');

  // arrays take the index first
  regs.ral.read(0);
  regs.rah.modify(1, { av: true });
  // @ts-expect-error missing index
  regs.ral.read();
  // @ts-expect-error index first
  regs.ral.write(0x1234);

  // 64-bit: bigint raw values
  regs.dma_addr.write(1n);
  // @ts-expect-error a 64-bit raw value is a bigint
  regs.dma_addr.write(1);
  // @ts-expect-error tsc is read-only
  regs.tsc.write(0n);

  // interrupt groups: test() only with a test register
  main.test(main.all);
  // @ts-expect-error adc has no test register
  adc.test(adc.all);

  // DMA: words are plain registers; publish takes word values
  desc.publish({ buffer_addr: 1n, cmd: { eop: true } });
  // A 64-bit DMA word also takes a number (an integer ≤ 2^53 − 1, checked at run time; issue 13).
  desc.publish({ buffer_addr: 1 });
  // @ts-expect-error buffer_addr is a 64-bit value, not a string
  desc.publish({ buffer_addr: '1' });
  void [mode, en, notNumber, blink, undocumented];
}
