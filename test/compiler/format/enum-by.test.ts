// `regmill fmt` lays out an `enum by` case list like an inline enum (`{ key: enum, … }`, no blank
// before ':'), breaks a long one one case per line with a trailing comma, keeps a field body after it
// apart, and the prettier plugin prints the same.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as prettier from 'prettier';
import plugin from '../../../compiler/format/prettier.js';
import { checkedFmt, irOf } from './helpers.js';

const lines = (...ls: string[]): string => ls.join('\n') + '\n';

const enums = 'enum sct{generic=0,command_specific=1,media=2}enum g{ok=0}enum c{bad=1}enum m{crc=0x80}';
const messy = `${enums}\nlayout cqe size 16{word dw3@12:32 ro{field sc[24:17]enum by sct{generic:g,media :m}"Status";field sct[27:25]enum sct;field x[1] enum by sct{generic:g}{}}}\ndevice d{}`;

test('short case lists stay on the line; colons hug the key; a body after the list is a body', () => {
  const out = checkedFmt(messy);
  assert.match(out, /\n {4}field sc \[24:17\] enum by sct \{ generic: g, media: m \} "Status";\n/);
  assert.match(out, /\n {4}field x \[1\] enum by sct \{ generic: g \} \{\}\n/);
  assert.is(checkedFmt(out), out, 'idempotent');
});

test('a long field breaks before its doc first (like an inline enum), then the case list one case per line, each with a comma', () => {
  const doc = '"Status Code, named by the table the Status Code Type selects"';
  const withDoc = checkedFmt(`${enums}\nlayout cqe size 16{word dw3@12:32 ro{field sc[24:17]enum by sct{generic:g,command_specific:c,media:m} ${doc};}}\ndevice d{}`);
  assert.ok(withDoc.includes(lines('    field sc [24:17] enum by sct { generic: g, command_specific: c, media: m }', `      ${doc};`)), withDoc);
  const long = `enum generic_status{ok=0}enum command_specific_status{bad=1}enum media_status{crc=0x80}${enums}\nlayout cqe size 16{word dw3@12:32 ro{field sc[24:17]enum by sct{generic:generic_status,command_specific:command_specific_status,media:media_status} ${doc};}}\ndevice d{}`;
  const out = checkedFmt(long);
  assert.ok(out.includes(lines('    field sc [24:17] enum by sct {', '      generic: generic_status,', '      command_specific: command_specific_status,', '      media: media_status,', `    } ${doc};`)), out);
});

test('formatting keeps the IR; the prettier plugin prints the same text', async () => {
  const out = checkedFmt(messy, 'by.regs');
  assert.is(await irOf(out, 'by.regs'), await irOf(messy, 'by.regs'));
  assert.is(await prettier.format(messy, { parser: 'regs', plugins: [plugin], filepath: 'by.regs' }), out);
});

test.run();
