// Random, well-formed SVDs full of what vendor files get wrong: overlapping registers and fields, odd
// widths, misaligned offsets and strides, dim index lists, clusters, derived peripherals, names that
// need sanitizing or collide, enum values too wide for their field. Deterministic for a given seed.

export function randomSvd(seed: number): { text: string; lowercase: boolean } {
  let s = seed | 0;
  const rnd = (n: number): number => {
    // mulberry32
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const pick = <T>(a: readonly T[]): T => a[rnd(a.length)]!;
  const names = ['A', 'B', 'CR', 'SR', 'X%s', 'Y[%s]', 'a-b', '1st', 'A_B', 'CH', 'CH_CR', 'value', 'register', 'enum', 'field', 'device', 'block'];
  const mwv = ['oneToClear', 'oneToSet', 'oneToToggle', 'zeroToClear', 'zeroToSet', 'zeroToToggle', 'clear', 'set', 'modify'];
  const access = ['read-only', 'write-only', 'read-write', 'writeOnce', 'read-writeOnce'];

  const field = (i: number): string => {
    let f = `<field><name>${pick(names)}${i}</name><bitOffset>${rnd(40)}</bitOffset><bitWidth>${1 + rnd(8)}</bitWidth>`;
    if (rnd(3) === 0) f += `<access>${pick(access)}</access>`;
    if (rnd(3) === 0) f += `<modifiedWriteValues>${pick(mwv)}</modifiedWriteValues>`;
    if (rnd(4) === 0) f += `<readAction>${pick(['clear', 'set', 'modify'])}</readAction>`;
    if (rnd(3) === 0) {
      f += '<enumeratedValues>';
      for (let k = 0; k < 1 + rnd(4); k++) f += `<enumeratedValue><name>${pick(names)}</name><value>${rnd(20)}</value></enumeratedValue>`;
      f += '</enumeratedValues>';
    }
    return f + '</field>';
  };
  const register = (): string => {
    let r = `<register><name>${pick(names)}</name><addressOffset>${rnd(16) * pick([1, 2, 4, 8])}</addressOffset><size>${pick([8, 16, 32, 32, 64, 24])}</size>`;
    if (rnd(3) === 0) r += `<dim>${1 + rnd(4)}</dim><dimIncrement>${pick([1, 2, 4, 6, 8, 16])}</dimIncrement>` + (rnd(2) ? `<dimIndex>${pick(['0-3', 'A,B,C', '1-2', '0,1'])}</dimIndex>` : '');
    if (rnd(3) === 0) r += `<access>${pick(access)}</access>`;
    if (rnd(3) === 0) r += `<resetValue>${rnd(1000)}</resetValue><resetMask>${pick(['0xff', '0xffffffff', '0'])}</resetMask>`;
    if (rnd(4) === 0) r += `<modifiedWriteValues>${pick(mwv)}</modifiedWriteValues>`;
    if (rnd(2)) {
      r += '<fields>';
      for (let i = 0; i < rnd(6); i++) r += field(i);
      r += '</fields>';
    }
    return r + '</register>';
  };
  const items = (depth: number): string => {
    let out = '';
    for (let i = 0; i < 1 + rnd(6); i++) {
      if (depth < 3 && rnd(4) === 0) {
        const dim = rnd(3) === 0 ? `<dim>${1 + rnd(3)}</dim><dimIncrement>${pick([0x10, 0x40, 0x100])}</dimIncrement>` : '';
        out += `<cluster><name>${pick(names)}</name><addressOffset>${rnd(8) * 0x10}</addressOffset>${dim}${items(depth + 1)}</cluster>`;
      } else out += register();
    }
    return out;
  };

  let text = `<device><name>${pick(names)}</name><size>32</size><peripherals>`;
  const count = 1 + rnd(5);
  for (let p = 0; p < count; p++) {
    const derived = p > 0 && rnd(3) === 0;
    text += `<peripheral${derived ? ` derivedFrom="P${rnd(p)}"` : ''}><name>P${p}${rnd(4) === 0 ? '_' + pick(names) : ''}</name><baseAddress>${0x4000_0000 + rnd(8) * 0x400}</baseAddress>`;
    if (!derived || rnd(2)) text += `<registers>${items(0)}</registers>`;
    text += '</peripheral>';
  }
  return { text: text + '</peripherals></device>', lowercase: rnd(2) === 1 };
}
