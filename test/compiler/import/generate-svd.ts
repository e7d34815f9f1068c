// A synthetic CMSIS-SVD of a given size, shaped like a large vendor file (STM32L4R7: ~3,200 registers,
// ~12,000 fields): many peripherals, half of them derivedFrom another, 32-bit registers with 4 fields
// each (one enumerated), some dim arrays and clusters.

export interface GeneratedSvd {
  readonly text: string;
  /** Registers written out in the file (before derivedFrom copies). */
  readonly registers: number;
  readonly fields: number;
}

export function generateSvd(peripherals: number, registersPerPeripheral: number): GeneratedSvd {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>', '<device schemaVersion="1.3">', '  <name>BIG</name>', '  <size>32</size>', '  <access>read-write</access>', '  <resetValue>0</resetValue>', '  <resetMask>0xFFFFFFFF</resetMask>', '  <peripherals>'];
  let registers = 0;
  let fields = 0;
  for (let p = 0; p < peripherals; p++) {
    const base = 0x4000_0000 + p * 0x1000;
    const hex = '0x' + base.toString(16);
    if (p % 2 === 1) {
      out.push(`    <peripheral derivedFrom="P${p - 1}"><name>P${p}</name><baseAddress>${hex}</baseAddress>`, `      <interrupt><name>P${p}_IRQ</name><value>${p}</value></interrupt></peripheral>`);
      continue;
    }
    out.push(`    <peripheral><name>P${p}</name><description>Peripheral ${p}</description><baseAddress>${hex}</baseAddress>`, '      <addressBlock><offset>0</offset><size>0x1000</size><usage>registers</usage></addressBlock>', '      <registers>');
    for (let r = 0; r < registersPerPeripheral; r++) {
      const offset = '0x' + (r * 4).toString(16);
      out.push(`        <register><name>R${r}</name><description>Register ${r} of peripheral ${p}</description><addressOffset>${offset}</addressOffset>`, '          <fields>');
      out.push('            <field><name>EN</name><description>Enable</description><bitOffset>0</bitOffset><bitWidth>1</bitWidth></field>');
      out.push('            <field><name>MODE</name><description>Mode</description><bitRange>[3:1]</bitRange><enumeratedValues>', '              <enumeratedValue><name>OFF</name><value>0</value></enumeratedValue>', '              <enumeratedValue><name>SLOW</name><value>1</value></enumeratedValue>', '              <enumeratedValue><name>FAST</name><value>2</value></enumeratedValue>', '            </enumeratedValues></field>');
      out.push('            <field><name>COUNT</name><lsb>8</lsb><msb>15</msb></field>');
      out.push('            <field><name>FLAG</name><bitOffset>16</bitOffset><bitWidth>1</bitWidth><access>read-only</access><readAction>clear</readAction></field>');
      out.push('          </fields>', '        </register>');
      registers++;
      fields += 4;
    }
    out.push('      </registers>', '    </peripheral>');
  }
  out.push('  </peripherals>', '</device>', '');
  return { text: out.join('\n'), registers, fields };
}
