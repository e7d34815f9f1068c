// IR device → `<device>.wasm.ts`: a typed TypeScript class over `<device>.wasm`. Only what is
// device-specific is generated: the exports interface, the BAR and ring tables, the build file names
// and one method per routine (unsigned results, checked window-offset arguments, traps turned into
// WindowAccessError naming the routine). Loading, instantiation, BAR setup and raw read8…write64 are
// WasmDevice in runtime/window (wasmDevice.ts), which the class extends.
import type { IrDevice, IrFieldRef } from '../../ir/ir.js';
import { exprText, exprValue } from '../shared/expr.js';
import { mappedBars, routineName } from './sites.js';
import { jsDoc, oneLine } from '../shared/jsdoc.js';
import { deviceRoutines, type ModuleHeader, type Routine } from './emitModule.js';
import { windowLayout } from './layout.js';
import { hex } from '../../ir/bits.js';

export function className(device: IrDevice): string {
  const words = device.name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const pascal = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return `${/^[0-9]/.test(pascal) ? '_' : ''}${pascal}Wasm`;
}

const tsType = (asType: string): string => (asType === 'u64' ? 'bigint' : asType === 'void' ? 'void' : 'number');

function params(r: Routine): { name: string; type: string }[] {
  return r.params.map((p) => {
    const [name = '', type = ''] = p.split(':').map((s) => s.trim());
    return { name, type: tsType(type) };
  });
}

function convert(ret: string, call: string): string {
  if (ret === 'u32') return `${call} >>> 0`;
  if (ret === 'u64') return `BigInt.asUintN(64, ${call})`;
  return call;
}

function method(r: Routine): string[] {
  const ps = params(r);
  const sig = ps.map((p) => `${p.name}: ${p.type}`).join(', ');
  const args = ps.map((p) => p.name).join(', ');
  const detail = ps.length ? '`' + ps.map((p) => `\${${p.name}}`).join(', ') + '`' : "''";
  const checks = (r.regions ?? []).map(([arg, bytes, align]) => `    checkWindowOffset(this.window.size, ${arg}, ${bytes}, ${align}, '${r.name}', '${arg}');`);
  const call = `this.exports.${r.name}(${args})`;
  const ret = tsType(r.ret);
  return [
    ...jsDoc(r.doc, '  '),
    `  ${r.name}(${sig}): ${ret} {`,
    ...checks,
    '    try {',
    ret === 'void' ? `      ${call};` : `      return ${convert(r.ret, call)};`,
    '    } catch (e) {',
    `      return rethrowTrap(e, '${r.name}', ${detail});`,
    '    }',
    '  }',
  ];
}

/** BAR-level arrays whose stride the device gives: how the wrapper reads it (through the module's own read routines). */
function runtimeStrides(device: IrDevice): { name: string; text: string; read: string; count: number; room: string }[] {
  const out: { name: string; text: string; read: string; count: number; room: string }[] = [];
  for (const bar of mappedBars(device)) {
    for (const n of bar.nodes) {
      if (n.kind !== 'register' || !n.array?.strideExpr) continue;
      const field = (ref: IrFieldRef): string => `Number((BigInt(this.${routineName('read', ref.path)}()) >> ${ref.lsb}n) & ${hex((1n << BigInt(ref.bits)) - 1n)}n)`;
      // room: bytes from the first element to the BAR's end, less one element (the last must fit).
      out.push({ name: n.name, text: exprText(n.array.strideExpr), read: exprValue(n.array.strideExpr, field, (l, r) => `Math.trunc(${l} / ${r})`), count: n.array.count, room: hex(bar.size - n.offset - n.width / 8) });
    }
  }
  return out;
}

export interface WrapperOptions extends ModuleHeader {
  /** Module specifier of runtime/window. */
  readonly windowImport: string;
}

/** Routines WasmDevice (runtime/window/wasmDevice.ts) declares and wraps: the same in every module. */
export const CORE_ROUTINES: ReadonlySet<string> = new Set(['barOffset', ...[8, 16, 32, 64].flatMap((w) => [`read${w}`, `write${w}`])]);

/** `routines`: deviceRoutines(device, set), when the caller already has them. */
export function emitWrapper(device: IrDevice, options: WrapperOptions, all: readonly Routine[] = deviceRoutines(device)): string {
  const cls = className(device);
  const routines = all.filter((r) => !CORE_ROUTINES.has(r.name));
  const bars = windowLayout(device).map(({ bar: b, offset }) => `{ index: ${b.index}, name: '${b.name}', size: ${b.size}, offset: ${hex(offset)} }`);
  const rings = device.rings.map((r) => {
    const l = device.layouts.find((x) => x.name === r.layout);
    return `{ name: '${r.name}', layout: '${r.layout}', entrySize: ${l?.size ?? 0}, align: ${l?.align ?? 1}, count: ${r.count ?? 'undefined'} }`;
  });
  // Only what the routines use: generated code must type-check with noUnusedLocals.
  const imports = [
    ...(routines.some((r) => r.regions?.length) ? ['checkWindowOffset'] : []),
    ...(routines.length ? ['rethrowTrap'] : []),
    'WasmDevice',
    'WasmDeviceModule',
    'type DeviceWindow',
    'type WasmDeviceExports',
    'type WindowRegion',
  ];
  const summary = `${device.name}.wasm: hot-path routines running in WebAssembly directly over the mapped BARs.`;
  const strides = runtimeStrides(device);
  return [
    `// Generated by regmill ${options.version} from ${oneLine(options.specName)}: typed access to ${device.name}.wasm over a device window.`,
    '// Do not edit. Instantiation, BAR setup and raw read8…write64 are WasmDevice in regmill/window.',
    `import { ${imports.join(', ')} } from '${options.windowImport}';`,
    '',
    `/** The raw exports of ${device.name}.wasm: i32 results are signed, i64 ones are bigint. */`,
    `export interface ${cls}Exports extends WasmDeviceExports {`,
    ...routines.map((r) => `  ${r.name}(${params(r).map((p) => `${p.name}: ${p.type}`).join(', ')}): ${tsType(r.ret)};`),
    '}',
    '',
    `/** BARs the module reaches, each to be mapped at \`offset\` in the window (the module's fixed layout) before use. */`,
    `export const ${cls}Bars = [${bars.join(', ')}] as const;`,
    '',
    '/** Descriptor rings: the ring and its staging table hold `count` entries of `entrySize` bytes, `align`-aligned. */',
    `export const ${cls}Rings = [${rings.join(', ')}] as const;`,
    '',
    'const wasmModule = new WasmDeviceModule({',
    `  what: '${device.name}.wasm',`,
    `  bars: ${cls}Bars,`,
    `  plain: new URL('./${device.name}.wasm', import.meta.url),`,
    `  shared: new URL('./${device.name}.shared.wasm', import.meta.url),`,
    '});',
    '',
    ...jsDoc(device.doc ? [summary, device.doc] : summary),
    `export class ${cls} extends WasmDevice<${cls}Exports> {`,
    `  /** \`bars\` maps a BAR index to its mapping in \`window\`, made at ${cls}Bars[i].offset (see mapInto). */`,
    ...(strides.length
      ? [
          `  /** \`strides\`: ${strides.map((x) => `${x.name} (${x.text})`).join(', ')}, read from the device here unless given (the driver passes them when the module's BAR is not the device's). */`,
          `  constructor(window: DeviceWindow, bars: Readonly<Record<number, WindowRegion>>, strides: { ${strides.map((x) => `readonly ${x.name}?: number`).join('; ')} } = {}) {`,
          '    super(window, bars, wasmModule);',
          ...strides.flatMap((x) => [
            `    const ${x.name} = strides.${x.name} ?? ${x.read};`,
            `    this.bindStride$${x.name}(${x.name}, Math.min(${x.count}, Math.floor(${x.room} / ${x.name}) + 1));`,
          ]),
          '  }',
        ]
      : ['  constructor(window: DeviceWindow, bars: Readonly<Record<number, WindowRegion>>) {', '    super(window, bars, wasmModule);', '  }']),
    ...routines.flatMap((r) => ['', ...method(r)]),
    '}',
    '',
  ].join('\n');
}
