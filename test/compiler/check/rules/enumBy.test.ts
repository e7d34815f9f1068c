// The diagnostics of compiler/check/rules/enumBy.ts: `enum by SELECTOR { KEY: ENUM }` names a field's
// values by the enum its selector picks (NVMe SC by SCT): the selector is a field of the same word with
// an enum, keys are its value names (once each), and every case's enum fits the field.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cases } from '../cases.js';
import { run } from '../harness.js';

const enums = 'enum sct_e { generic = 0, command_specific = 1, media = 2 }\nenum gen { ok = 0, bad = 1 }\nenum med { crc = 0x80 }\n';
/** Line 6 holds the `enum by` field. */
const cqe = (sc: string, sct = 'field sct [27:25] enum sct_e;'): string =>
  `${enums}layout cqe size 16 {\n  word dw3 @ 12 : 32 ro {\n    ${sc}\n    ${sct}\n  }\n}\n`;

test('the IR names the selector and each case by key, selector value and enum', () => {
  const r = run(`${cqe('field sc [24:17] enum by sct { generic: gen, media: med };')}device d { layout x size 4 { word a @ 0 : 32; } }\n`);
  assert.equal(r.lines, []);
  const sc = r.ir!.devices[0]!.layouts.find((l) => l.name === 'cqe')!.words[0]!.fields.find((f) => f.name === 'sc')!;
  assert.equal(sc.enum, undefined);
  assert.equal(sc.enumBy, { field: 'sct', cases: [{ key: 'generic', value: '0x0', enum: 'gen' }, { key: 'media', value: '0x2', enum: 'med' }] });
  // Each case's enum is emitted, sized to the field.
  assert.equal(r.ir!.devices[0]!.enums.find((e) => e.name === 'med')!.width, 8);
});

test('`enum by;` still names an enum called by', () => {
  const r = run(`enum by { a = 0 }\nlayout l size 4 {\n  word w @ 0 : 32 { field f [1:0] enum by; }\n}\ndevice d { layout x size 4 { word a @ 0 : 32; } }\n`);
  assert.equal(r.lines, []);
});

cases([
  {
    name: 'selector not a field of the word (RM0416)',
    spec: cqe('field sc [24:17] enum by sctx { generic: gen };'),
    expect: ["6:30 RM0416 field 'sc' is named by 'sctx', which is not a field of word 'dw3'; did you mean 'sct'?; the selector is another field of the same register or word"],
  },
  {
    name: 'selector without an enum (RM0417)',
    spec: cqe('field sc [24:17] enum by sct { generic: gen };', 'field sct [27:25];'),
    expect: ["6:30 RM0417 selector 'sct' of field 'sc' has no enum: its value names are the keys of 'enum by'; give 'sct' an enum"],
  },
  {
    name: "key not a value of the selector's enum (RM0418)",
    spec: cqe('field sc [24:17] enum by sct { medai: med };'),
    expect: ["6:36 RM0418 'medai' is not a value of enum 'sct_e' (the enum of selector 'sct'); did you mean 'media'?"],
  },
  {
    name: 'key given twice (RM0418)',
    spec: cqe('field sc [24:17] enum by sct { media: med, media: gen };'),
    expect: ["6:48 RM0418 'media' is given twice in 'enum by sct' of field 'sc'; give each selector value one enum"],
  },
  {
    name: 'no case (RM0418)',
    spec: cqe('field sc [24:17] enum by sct { };'),
    expect: ["6:27 RM0418 'enum by sct' of field 'sc' names no case; give at least one, e.g. 'generic: ENUM'"],
  },
  {
    name: "a case's enum too wide for the field (RM0419)",
    spec: cqe('field sc [23:17] enum by sct { generic: gen, media: med };'),
    expect: ["6:57 RM0419 enum 'med' (case 'media') value 'crc' = 0x80 does not fit the 7-bit field 'sc' (at most 0x7f)"],
  },
  {
    name: 'unknown case enum (RM0203)',
    spec: cqe('field sc [24:17] enum by sct { generic: nope };'),
    expect: ["6:45 RM0203 unknown enum 'nope'"],
  },
]);
