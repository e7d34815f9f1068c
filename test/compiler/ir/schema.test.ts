// compiler/ir/schema.json: it is a valid draft 2020-12 schema (ajv strict), it describes exactly the
// interfaces of compiler/ir/ir.ts, it accepts a hand-written IR that tsc accepts as IrSpec, and it
// rejects each kind of malformed IR with an error at the offending place.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { miniIr } from './fixture.js';
import { readInterfaces, readStringUnions } from './contract.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const schema = JSON.parse(readFileSync(`${root}compiler/ir/schema.json`, 'utf8')) as {
  $schema: string;
  $defs: Record<string, { type?: string; enum?: unknown[]; required?: string[]; properties?: Record<string, unknown>; additionalProperties?: boolean }>;
};
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validate = ajv.compile(schema);

/** Validation errors as `instancePath keyword` strings, for assertions that name the failing place. */
function errorsOf(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
}

/** A deep copy of the fixture, changed by `edit` (tests mutate freely; the fixture stays pristine). */
function mutated(edit: (ir: any) => void): unknown {
  const ir = structuredClone(miniIr());
  edit(ir);
  return ir;
}

test('schema is draft 2020-12 and compiles under ajv strict mode', () => {
  assert.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.type(validate, 'function');
});

test('schema $defs mirror every interface of ir.ts: same members, same optionality', () => {
  const interfaces = readInterfaces(`${root}compiler/ir/ir.ts`);
  assert.ok(interfaces.size >= 20, `read ${interfaces.size} interfaces from ir.ts`);
  for (const [name, shape] of interfaces) {
    const def = schema.$defs[name];
    assert.ok(def, `schema has no $defs.${name}`);
    assert.is(def.additionalProperties, false, `${name} is closed`);
    const props = Object.keys(def.properties ?? {}).sort();
    assert.equal(props, [...shape.required, ...shape.optional].sort(), `${name}: properties`);
    assert.equal([...(def.required ?? [])].sort(), [...shape.required].sort(), `${name}: required`);
  }
});

test('schema enums mirror the string-literal unions of ir.ts (Sw, OnRead, OnWrite)', () => {
  const unions = readStringUnions(`${root}compiler/ir/ir.ts`);
  assert.equal([...unions.keys()].sort(), ['OnRead', 'OnWrite', 'Sw']);
  for (const [name, values] of unions) assert.equal(schema.$defs[name]?.enum, values, name);
});

test('the hand-written IR (typed IrSpec) is valid', () => {
  assert.equal(errorsOf(miniIr()), []);
  // and survives a JSON round trip, the form backends write
  assert.equal(errorsOf(JSON.parse(JSON.stringify(miniIr()))), []);
});

test('hex strings: lowercase, 0x prefix, no leading zeros', () => {
  for (const good of ['0x0', '0x1', '0xffffffffffffffff', '0x107']) {
    assert.equal(errorsOf(mutated((ir) => (ir.devices[0].bars[0].nodes[0].reset = good))), [], good);
  }
  for (const bad of ['0x', '0X1', '0xFF', '0x01', '255', '0x1g', '']) {
    const errs = errorsOf(mutated((ir) => (ir.devices[0].bars[0].nodes[0].reset = bad)));
    assert.ok(errs.includes('/devices/0/bars/0/nodes/0/reset pattern'), `${JSON.stringify(bad)}: ${errs.join(', ')}`);
  }
  const enumValue = errorsOf(mutated((ir) => (ir.devices[0].enums[0].values[1].value = 1)));
  assert.ok(enumValue.includes('/devices/0/enums/0/values/1/value type'), enumValue.join(', '));
});

test('objects are closed: an unknown property is an error where it appears', () => {
  const top = errorsOf(mutated((ir) => (ir.extra = true)));
  assert.ok(top.includes(' additionalProperties'), top.join(', '));
  const field = errorsOf(mutated((ir) => (ir.devices[0].bars[0].nodes[0].fields[0].access = 'rw')));
  assert.ok(field.some((e) => e.startsWith('/devices/0/bars/0/nodes/0')), field.join(', '));
  const ring = errorsOf(mutated((ir) => (ir.devices[0].rings[0].tail.field = 'value')));
  assert.ok(ring.includes('/devices/0/rings/0/tail additionalProperties'), ring.join(', '));
});

test('irVersion must be 1', () => {
  assert.ok(errorsOf(mutated((ir) => (ir.irVersion = 2))).includes('/irVersion const'));
  assert.ok(errorsOf(mutated((ir) => delete ir.irVersion)).includes(' required'));
});

test('required members are required (masks, ops, at, enable)', () => {
  const masks = errorsOf(mutated((ir) => delete ir.devices[0].bars[0].nodes[1].masks.ackBase));
  assert.ok(masks.includes('/devices/0/bars/0/nodes/1/masks required'), masks.join(', '));
  const at = errorsOf(mutated((ir) => delete ir.devices[0].at));
  assert.ok(at.includes('/devices/0 required'), at.join(', '));
  // status is optional (a cause whose vector is the cause has none), but enable and ack are not.
  const enable = errorsOf(mutated((ir) => delete ir.devices[0].interrupts[0].causes[0].enable));
  assert.ok(enable.includes('/devices/0/interrupts/0/causes/0 required'), enable.join(', '));
});

test('enumerations: register width, access properties, vector kind, bar index and kind', () => {
  const cases: [string, (ir: any) => void][] = [
    ['/devices/0/bars/0/nodes/0/width', (ir) => (ir.devices[0].bars[0].nodes[0].width = 24)],
    ['/devices/0/bars/0/nodes/0/fields/0/sw', (ir) => (ir.devices[0].bars[0].nodes[0].fields[0].sw = 'ro')],
    ['/devices/0/bars/0/nodes/0/fields/0/onWrite', (ir) => (ir.devices[0].bars[0].nodes[0].fields[0].onWrite = 'w1')],
    ['/devices/0/bars/0/nodes/0/fields/0/onRead', (ir) => (ir.devices[0].bars[0].nodes[0].fields[0].onRead = 'rc')],
    ['/devices/0/interrupts/0/causes/0/vector/kind', (ir) => (ir.devices[0].interrupts[0].causes[0].vector.kind = 'msi-x')],
    ['/devices/0/bars/0/index', (ir) => (ir.devices[0].bars[0].index = 6)],
    ['/devices/0/bars/0/kind', (ir) => (ir.devices[0].bars[0].kind = 'memory')],
    ['/devices/0/pci/vendor', (ir) => (ir.devices[0].pci.vendor = 0x10000)],
    ['/devices/0/bars/0/nodes/0/ops/ackW1', (ir) => (ir.devices[0].bars[0].nodes[0].ops.ackW1 = 'read')],
  ];
  for (const [where, edit] of cases) {
    const errs = errorsOf(mutated(edit));
    assert.ok(errs.some((e) => e.startsWith(where + ' ')), `${where}: ${errs.join(', ')}`);
  }
});

test('nodes, acks and enables are tagged unions: a mismatched tag or member is rejected', () => {
  // a register that claims to be a block instance
  assert.ok(errorsOf(mutated((ir) => (ir.devices[0].bars[0].nodes[0].kind = 'block'))).length > 0);
  // a block instance without its type name
  assert.ok(errorsOf(mutated((ir) => delete ir.devices[0].bars[0].nodes[5].type)).length > 0);
  // setClear needs both registers
  assert.ok(errorsOf(mutated((ir) => delete ir.devices[0].interrupts[0].causes[1].enable.clear)).length > 0);
  // ack 'none' carries no ref; 'w1c' needs one
  assert.ok(errorsOf(mutated((ir) => (ir.devices[0].interrupts[0].causes[1].ack.ref = ir.devices[0].interrupts[0].causes[0].status))).length > 0);
  assert.ok(errorsOf(mutated((ir) => delete ir.devices[0].interrupts[0].causes[0].ack.ref)).length > 0);
  assert.ok(errorsOf(mutated((ir) => (ir.devices[0].interrupts[0].causes[0].ack.kind = 'rc'))).length > 0);
  // the valid variants of each union are all present in the fixture
  const causes = miniIr().devices[0]!.interrupts[0]!.causes;
  assert.equal(causes.map((c) => c.enable.kind), ['field', 'setClear', 'none']);
  assert.equal(causes.map((c) => c.ack.kind), ['w1c', 'none', 'read']);
});

test('names are identifiers and paths are non-empty lists of them', () => {
  assert.ok(errorsOf(mutated((ir) => (ir.devices[0].name = '2fast'))).includes('/devices/0/name pattern'));
  assert.ok(errorsOf(mutated((ir) => (ir.devices[0].rings[0].tail.path = []))).includes('/devices/0/rings/0/tail/path minItems'));
  assert.ok(errorsOf(mutated((ir) => (ir.devices[0].interrupts[0].causes[0].status.path = ['a.b']))).includes('/devices/0/interrupts/0/causes/0/status/path/0 pattern'));
});

test.run();
