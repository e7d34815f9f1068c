// IP-XACT values: numbers in the forms tools write (decimal, 0x…, 'h…/'b…/'d…, 32'hFF, #…), and the
// 2014/2022 expressions Kactus2 writes in offsets and widths — parameter references (by parameterId or
// name), + - * / %, parentheses. Anything else (functions, ternaries, $clog2) is not a constant here.

export type Params = ReadonlyMap<string, string>;

function literal(t: string): bigint | undefined {
  let m = /^(\d+)?'([hHdDbBoO])([0-9a-fA-F_]+)$/.exec(t);
  if (m) {
    const digits = m[3]!.replace(/_/g, '');
    const radix = { h: 16, d: 10, b: 2, o: 8 }[m[2]!.toLowerCase() as 'h' | 'd' | 'b' | 'o'];
    try {
      return radix === 10 ? BigInt(digits) : BigInt((radix === 16 ? '0x' : radix === 2 ? '0b' : '0o') + digits);
    } catch {
      return undefined;
    }
  }
  if (/^0x[0-9a-f_]+$/i.test(t)) return BigInt(t.replace(/_/g, ''));
  if (/^#[0-9a-f]+$/i.test(t)) return BigInt('0x' + t.slice(1));
  m = /^(\d+)([kKmMgG]?)$/.exec(t);
  if (m) return BigInt(m[1]!) * ({ '': 1n, k: 1n << 10n, m: 1n << 20n, g: 1n << 30n }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'] ?? 1n);
  return undefined;
}

/** The value of an expression, or undefined when it is not a constant this evaluator knows. */
export function evaluate(text: string | undefined, params: Params, depth = 0): bigint | undefined {
  if (text === undefined || depth > 16) return undefined;
  const tokens = text.trim().match(/\d*'[hHdDbBoO][0-9a-fA-F_]+|0x[0-9a-fA-F_]+|#[0-9a-fA-F]+|[A-Za-z_][A-Za-z0-9_]*|\d+[kKmMgG]?|[-+*/%()]/g);
  if (!tokens || tokens.join('') !== text.replace(/\s+/g, '')) return undefined;
  let i = 0;
  const atom = (): bigint | undefined => {
    const t = tokens[i++];
    if (t === undefined) return undefined;
    if (t === '(') {
      const v = sum();
      return tokens[i++] === ')' ? v : undefined;
    }
    if (t === '-') {
      const v = atom();
      return v === undefined ? undefined : -v;
    }
    const lit = literal(t);
    if (lit !== undefined) return lit;
    const ref = params.get(t);
    return ref === undefined ? undefined : evaluate(ref, params, depth + 1);
  };
  const product = (): bigint | undefined => {
    let v = atom();
    while (v !== undefined && (tokens[i] === '*' || tokens[i] === '/' || tokens[i] === '%')) {
      const op = tokens[i++];
      const r = atom();
      if (r === undefined || (op !== '*' && r === 0n)) return undefined;
      v = op === '*' ? v * r : op === '/' ? v / r : v % r;
    }
    return v;
  };
  const sum = (): bigint | undefined => {
    let v = product();
    while (v !== undefined && (tokens[i] === '+' || tokens[i] === '-')) {
      const op = tokens[i++];
      const r = product();
      if (r === undefined) return undefined;
      v = op === '+' ? v + r : v - r;
    }
    return v;
  };
  const v = sum();
  return i === tokens.length ? v : undefined;
}
