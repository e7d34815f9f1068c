// `npm run nic -- …` (examples/nic/cli.ts) on simulated ports: the programs' output and exit codes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../examples/nic/cli.js';

async function runCli(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(args, (l) => lines.push(l));
  return { code, lines };
}

test('fwd --sim: generator → forwarder → receiver, ixy-style rate lines, a clean receive summary', async () => {
  const { code, lines } = await runCli(['fwd', '--sim', '--count', '3000', '--batch', '64']);
  assert.is(code, 0, lines.join('\n'));
  assert.ok(lines.some((l) => /^\[sim1\] RX: \d+\.\d\d Mbit\/s \d+\.\d\d Mpps$/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^\[sim2\] TX: /.test(l)));
  assert.is(lines.at(-1), 'recv: 3000 frames, 0 lost, 0 duplicated, 0 out of order, 0 corrupt');
});

test('recv --sim --json --engine wasm: JSON lines whose packet counts add up', async () => {
  const { code, lines } = await runCli(['recv', '--sim', '--count', '1000', '--json', '--engine', 'wasm', '--size', '1514']);
  assert.is(code, 0, lines.join('\n'));
  const objs = lines.map((l) => JSON.parse(l) as { dir?: string; packets?: number; mbits?: number; recv?: { frames: number; lost: number } });
  const rx = objs.filter((o) => o.dir === 'RX').reduce((n, o) => n + o.packets!, 0);
  assert.is(rx, 1000, 'RX packets over all lines (from GPRC)');
  assert.equal(objs.at(-1)!.recv, { frames: 1000, lost: 0, duplicated: 0, reordered: 0, corrupt: 0, foreign: 0 });
});

test('pktgen --sim stops after --count; --help; bad flags', async () => {
  const p = await runCli(['pktgen', '--sim', '--count', '500', '--json']);
  assert.is(p.code, 0);
  assert.is(p.lines.map((l) => JSON.parse(l) as { dir?: string; packets?: number }).filter((o) => o.dir === 'TX').reduce((n, o) => n + o.packets!, 0), 500, 'GPTC counted every frame');
  const h = await runCli(['--help']);
  assert.is(h.code, 0);
  assert.match(h.lines[0]!, /^usage: npm run nic -- <program>/);
  try {
    await runCli(['fwd', '0000:00:04.0']);
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /fwd needs two PCI addresses/);
  }
});

test.run();
