// specs/nvme.regs against the NVMe 1.4 tables: register offsets and widths (section 3.1, figure 78),
// every field position of CAP, CC, CSTS, AQA, VS (3.1.1-3.1.8), the 64-byte submission entry
// (4.2, figures 104-105; per-command CDW10-11, sections 5.3, 5.4, 5.15, 5.21, 6.9/6.15) and the 16-byte
// completion entry (4.6, figures 124-125). The expected numbers are typed in from the tables, not read
// back from the IR.
import { withVariants } from '../../compiler/backends/shared/layouts.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../compiler/index.js';
import type { IrDevice } from '../../compiler/ir/ir.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let cached: IrDevice | undefined;
async function nvme(): Promise<IrDevice> {
  if (cached) return cached;
  const r = await compile({ path: path.join(root, 'specs/nvme.regs') }, { emit: [] });
  const d = r.ir?.devices.find((x) => x.name === 'nvme');
  if (!d) throw new Error(r.format());
  assert.is(r.diagnostics?.filter((x: { severity: string }) => x.severity !== 'info').length ?? 0, 0, 'no warnings');
  return (cached = d);
}

type Node = { kind: string; name: string; offset: number; width: number; array?: { count: number; stride: number }; fields: { name: string; lsb: number; width: number; sw: string; onWrite: string }[] };

async function reg(name: string): Promise<Node> {
  const d = await nvme();
  const r = (d.bars[0]!.nodes as unknown as Node[]).find((n) => n.name === name);
  if (!r) throw new Error(`no register ${name}`);
  return r;
}
async function word(layout: string, name: string): Promise<Node> {
  const d = await nvme();
  // `sqe_identify` is variant identify of sqe as every back end emits it (common words + its own).
  const l = withVariants(d.layouts).find((x) => x.name === layout);
  if (!l) throw new Error(`no layout ${layout}`);
  const w = (l.words as unknown as Node[]).find((n) => n.name === name);
  if (!w) throw new Error(`no word ${layout}.${name}`);
  return w;
}
/** [msb, lsb] of a field, as the tables write it. */
function bits(n: Node, field: string): [number, number] {
  const f = n.fields.find((x) => x.name === field);
  if (!f) throw new Error(`${n.name} has no field ${field}`);
  return [f.lsb + f.width - 1, f.lsb];
}

test('register map: offsets and widths of figure 78', async () => {
  const table: [string, number, number][] = [
    ['cap', 0x00, 64], ['vs', 0x08, 32], ['intms', 0x0c, 32], ['intmc', 0x10, 32], ['cc', 0x14, 32], ['csts', 0x1c, 32],
    ['nssr', 0x20, 32], ['aqa', 0x24, 32], ['asq', 0x28, 64], ['acq', 0x30, 64], ['cmbloc', 0x38, 32], ['cmbsz', 0x3c, 32],
  ];
  for (const [name, offset, width] of table) {
    const r = await reg(name);
    assert.is(r.offset, offset, `${name} offset`);
    assert.is(r.width, width, `${name} width`);
  }
  const db = await reg('doorbell');
  assert.is(db.offset, 0x1000, 'doorbells start at 1000h (3.1.13)');
  assert.is(db.array?.stride, 4, 'one dword per element: SQyTDBL is element (2y) << DSTRD');
  assert.ok((db.array?.count ?? 0) * 4 + 0x1000 <= (await nvme()).bars[0]!.size);
  assert.is((await nvme()).bars[0]!.is64, true);
});

test('CAP, VS, CC, CSTS, AQA, ASQ, ACQ: field positions of 3.1.1-3.1.10', async () => {
  const cap = await reg('cap');
  const capTable: Record<string, [number, number]> = {
    mqes: [15, 0], cqr: [16, 16], ams: [18, 17], to: [31, 24], dstrd: [35, 32], nssrs: [36, 36], css: [44, 37],
    bps: [45, 45], mpsmin: [51, 48], mpsmax: [55, 52], pmrs: [56, 56], cmbs: [57, 57],
  };
  for (const [f, b] of Object.entries(capTable)) assert.equal(bits(cap, f), b, `CAP.${f}`);
  assert.ok(cap.fields.every((f) => f.sw === 'r'), 'CAP is read-only');
  const vs = await reg('vs');
  assert.equal([bits(vs, 'ter'), bits(vs, 'mnr'), bits(vs, 'mjr')], [[7, 0], [15, 8], [31, 16]]);
  const cc = await reg('cc');
  const ccTable: Record<string, [number, number]> = { en: [0, 0], css: [6, 4], mps: [10, 7], ams: [13, 11], shn: [15, 14], iosqes: [19, 16], iocqes: [23, 20] };
  for (const [f, b] of Object.entries(ccTable)) assert.equal(bits(cc, f), b, `CC.${f}`);
  const csts = await reg('csts');
  const cstsTable: Record<string, [number, number]> = { rdy: [0, 0], cfs: [1, 1], shst: [3, 2], nssro: [4, 4], pp: [5, 5] };
  for (const [f, b] of Object.entries(cstsTable)) assert.equal(bits(csts, f), b, `CSTS.${f}`);
  assert.is(csts.fields.find((f) => f.name === 'nssro')!.onWrite, 'w1c', 'CSTS.NSSRO is RW1C');
  const aqa = await reg('aqa');
  assert.equal([bits(aqa, 'asqs'), bits(aqa, 'acqs')], [[11, 0], [27, 16]]);
  assert.equal(bits(await reg('asq'), 'asqb'), [63, 12]);
  assert.equal(bits(await reg('acq'), 'acqb'), [63, 12]);
  assert.is((await reg('intms')).fields[0]!.onWrite, 'w1s', 'INTMS: RW1S');
  assert.is((await reg('intmc')).fields[0]!.onWrite, 'w1c', 'INTMC: RW1C');
  const cmbsz = await reg('cmbsz');
  assert.equal([bits(cmbsz, 'szu'), bits(cmbsz, 'sz')], [[11, 8], [31, 12]]);
  assert.equal(bits(await reg('cmbloc'), 'ofst'), [31, 12]);
});

test('submission queue entry: 64 bytes, the common dwords of figure 105 declared once, every variant covering CDW10-15', async () => {
  const d = await nvme();
  const sqe = d.layouts.find((l) => l.name === 'sqe')!;
  assert.is(sqe.size, 64);
  const common: [string, number, number][] = [['cdw0', 0, 32], ['nsid', 4, 32], ['cdw2', 8, 32], ['cdw3', 12, 32], ['mptr', 16, 64], ['prp1', 24, 64], ['prp2', 32, 64]];
  assert.equal((sqe.words as unknown as Node[]).map((w) => [w.name, w.offset, w.width]), common, 'CDW0, NSID, CDW2-3, MPTR, PRP1, PRP2 once');
  const cdw0 = await word('sqe', 'cdw0');
  assert.equal([bits(cdw0, 'opc'), bits(cdw0, 'fuse'), bits(cdw0, 'psdt'), bits(cdw0, 'cid')], [[7, 0], [9, 8], [15, 14], [31, 16]]);
  assert.equal(sqe.variants!.map((v) => v.name), ['raw', 'identify', 'features', 'create_io_cq', 'create_io_sq', 'delete_io_queue', 'rw']);
  for (const v of sqe.variants!) {
    // Bytes 40..63 (CDW10-15) each named by exactly one word of the variant: publish() leaves no byte of a reused slot.
    const covered = new Array<number>(64).fill(0);
    for (const w of v.words as unknown as Node[]) for (let b = w.offset; b < w.offset + w.width / 8; b++) covered[b]!++;
    assert.equal(covered.slice(40), new Array<number>(24).fill(1), `variant ${v.name} covers CDW10-15 once`);
    assert.equal(covered.slice(0, 40), new Array<number>(40).fill(0), `variant ${v.name} leaves the common dwords to sqe`);
  }
  for (let i = 10; i <= 15; i++) assert.is((await word('sqe_raw', `cdw${i}`)).offset, 4 * i, `CDW${i} at byte ${4 * i}`);
});

test('per-command CDW10-15: Identify, Features, Create I/O CQ/SQ, Delete, Read/Write', async () => {
  assert.equal(bits(await word('sqe_identify', 'cdw10'), 'cns'), [7, 0]);
  assert.equal(bits(await word('sqe_identify', 'cdw10'), 'cntid'), [31, 16]);
  assert.equal(bits(await word('sqe_features', 'cdw10'), 'fid'), [7, 0]);
  assert.equal(bits(await word('sqe_features', 'cdw10'), 'sv'), [31, 31]);
  assert.equal([bits(await word('sqe_features', 'cdw11'), 'nsqr'), bits(await word('sqe_features', 'cdw11'), 'ncqr')], [[15, 0], [31, 16]]);
  for (const l of ['sqe_create_io_cq', 'sqe_create_io_sq']) {
    const c10 = await word(l, 'cdw10');
    assert.is(c10.offset, 40);
    assert.equal([bits(c10, 'qid'), bits(c10, 'qsize')], [[15, 0], [31, 16]], l);
    assert.equal(bits(await word(l, 'cdw11'), 'pc'), [0, 0]);
  }
  const cq11 = await word('sqe_create_io_cq', 'cdw11');
  assert.equal([bits(cq11, 'ien'), bits(cq11, 'iv')], [[1, 1], [31, 16]]);
  const sq11 = await word('sqe_create_io_sq', 'cdw11');
  assert.equal([bits(sq11, 'qprio'), bits(sq11, 'cqid')], [[2, 1], [31, 16]]);
  assert.equal(bits(await word('sqe_delete_io_queue', 'cdw10'), 'qid'), [15, 0]);
  const slba = await word('sqe_rw', 'slba');
  assert.equal([slba.offset, slba.width], [40, 64], 'SLBA is CDW10-11');
  const c12 = await word('sqe_rw', 'cdw12');
  assert.equal([c12.offset, bits(c12, 'nlb'), bits(c12, 'fua'), bits(c12, 'lr')], [48, [15, 0], [30, 30], [31, 31]]);
});

test('completion queue entry: 16 bytes, DW2 SQHD/SQID, DW3 CID/P/status decoded into SC, SCT, CRD, M, DNR', async () => {
  const d = await nvme();
  assert.is(d.layouts.find((l) => l.name === 'cqe')!.size, 16);
  const dw2 = await word('cqe', 'dw2');
  assert.equal([dw2.offset, bits(dw2, 'sqhd'), bits(dw2, 'sqid')], [8, [15, 0], [31, 16]]);
  const dw3 = await word('cqe', 'dw3');
  assert.is(dw3.offset, 12);
  assert.equal([bits(dw3, 'cid'), bits(dw3, 'p'), bits(dw3, 'sc'), bits(dw3, 'sct')], [[15, 0], [16, 16], [24, 17], [27, 25]]);
  // SC is named by the table SCT selects (figure 125): one entry layout, no per-type views.
  assert.equal(d.layouts.filter((l) => l.name.startsWith('cqe')).map((l) => l.name), ['cqe']);
  const sc = (dw3 as unknown as { fields: { name: string; enumBy?: { field: string; cases: { key: string; value: string; enum: string }[] } }[] }).fields.find((f) => f.name === 'sc')!;
  assert.equal(sc.enumBy!.field, 'sct');
  assert.equal(sc.enumBy!.cases.map((c) => [c.key, Number(c.value), c.enum]), [
    ['generic', 0, 'generic_status'],
    ['command_specific', 1, 'command_specific_status'],
    ['media', 2, 'media_status'],
    ['path', 3, 'path_status'],
  ]);
  assert.equal([bits(dw3, 'crd'), bits(dw3, 'm'), bits(dw3, 'dnr')], [[29, 28], [30, 30], [31, 31]]);
  // Status names by value (figures 126-130).
  const enumOf = (name: string) => Object.fromEntries(d.enums.find((e) => e.name === name)!.values.map((v) => [v.name, Number(v.value)]));
  assert.equal([enumOf('status_code_type').generic, enumOf('status_code_type').command_specific, enumOf('status_code_type').media], [0, 1, 2]);
  const g = enumOf('generic_status');
  assert.equal([g.success, g.invalid_opcode, g.invalid_field, g.invalid_namespace, g.lba_out_of_range], [0, 1, 2, 0x0b, 0x80]);
  const c = enumOf('command_specific_status');
  assert.equal([c.invalid_cq, c.invalid_qid, c.invalid_queue_size, c.invalid_interrupt_vector, c.invalid_queue_deletion], [0, 1, 2, 8, 0x0c]);
  assert.is(enumOf('media_status').unrecovered_read_error, 0x81);
  const p = enumOf('path_status');
  assert.equal([p.internal_path_error, p.ana_persistent_loss, p.controller_pathing_error, p.aborted_by_host], [0, 0x60, 0x70, 0x72]);
});

test('identify data: controller MN/SN/FR/NN and namespace NSZE/FLBAS/LBAF at their figure 245/247 bytes', async () => {
  const sn = await word('identify_controller', 'sn');
  const mn = await word('identify_controller', 'mn');
  assert.equal([sn.offset, sn.array?.count, mn.offset, mn.array?.count], [4, 20, 24, 40]);
  assert.equal([(await word('identify_controller', 'fr')).offset, (await word('identify_controller', 'nn')).offset, (await word('identify_controller', 'sqes')).offset], [64, 516, 512]);
  assert.equal([(await word('identify_namespace', 'nsze')).offset, (await word('identify_namespace', 'flbas')).offset], [0, 26]);
  const lbaf = await word('identify_namespace', 'lbaf');
  assert.equal([lbaf.offset, lbaf.array?.count, lbaf.array?.stride, bits(lbaf, 'lbads')], [128, 16, 4, [23, 16]]);
});

test.run();
