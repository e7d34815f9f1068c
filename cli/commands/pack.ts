// `regmill pack <spec.regs> -o <dir>`: a ready-to-publish npm package of the spec's bindings
// (cli/pack/pack.ts says what is in it). Written all or nothing, like `regmill build`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from '../command.js';
import { compile } from '../../compiler/compile.js';
import { writeOutputs } from '../../compiler/write.js';
import { packFiles, packOptionsProblem } from '../pack/pack.js';
import { parseCommandArgs, usageError } from '../usage.js';

const usage = `Usage: regmill pack <spec.regs> -o <dir> [--name N] [--version V] [--license L] [--config F]

Writes an npm package for the device(s) of one spec to <dir>: package.json, dist/ (JS + .d.ts
accessors, wasm modules), include/ (C header), docs/ (HTML, Markdown), ir/, spec/ and a README
with a usage example. Publish it with 'npm publish <dir>'. regmill is its peer dependency.

Options:
  -o, --out <dir>       output folder (replaced whole)
  --name <name>         npm package name (default: <spec-name>-regs)
  --version <semver>    package version (default: 0.1.0)
  --license <spdx>      license (default: UNLICENSED)
  --description <text>  package description (default: from the device docs)
  --config <file.json>  the same settings as JSON: { "name", "version", "license", "description" };
                        flags override it
  -h, --help            show this help

Compiling the accessors to JavaScript needs the typescript package at build time (npm i -D typescript).`;

interface Settings {
  name?: string;
  version?: string;
  license?: string;
  description?: string;
}

export const packCommand: Command = {
  name: 'pack',
  summary: 'make a ready-to-publish npm package of a spec\'s bindings',
  usage,
  async run(argv, io) {
    const parsed = parseCommandArgs<Settings & { out?: string; config?: string }>(io, 'pack', usage, argv, {
      out: { type: 'string', short: 'o' },
      name: { type: 'string' },
      version: { type: 'string' },
      license: { type: 'string' },
      description: { type: 'string' },
      config: { type: 'string' },
    });
    if (typeof parsed === 'number') return parsed;
    const { values, positionals } = parsed;
    if (positionals.length !== 1) return usageError(io, 'pack', positionals.length ? 'give exactly one spec' : 'no spec given', usage);
    if (!values.out) return usageError(io, 'pack', 'missing -o <dir>', usage);
    let config: Settings = {};
    if (values.config) {
      try {
        config = JSON.parse(readFileSync(path.resolve(io.cwd, values.config), 'utf8')) as Settings;
      } catch (e) {
        io.stderr(`regmill pack: error: cannot read config ${values.config}: ${(e as Error).message}\n`);
        return 1;
      }
      if (typeof config !== 'object' || config === null || Array.isArray(config)) {
        io.stderr(`regmill pack: error: ${values.config} must hold a JSON object { "name", "version", "license", "description" }\n`);
        return 1;
      }
    }
    const spec = path.resolve(io.cwd, positionals[0]!);
    const base = path.basename(spec).replace(/\.regs$/, '');
    const options = {
      name: values.name ?? config.name ?? `${base.toLowerCase().replace(/[^a-z0-9._~-]+/g, '-')}-regs`,
      version: values.version ?? config.version ?? '0.1.0',
      license: values.license ?? config.license ?? 'UNLICENSED',
      description: values.description ?? config.description,
      specDir: path.dirname(spec),
    };
    const problem = packOptionsProblem(options);
    if (problem) return usageError(io, 'pack', problem, usage);
    const r = await compile({ path: spec }, { emit: ['ts', 'wasm', 'c', 'docs', 'ir'] });
    if (r.diagnostics.length) io.stderr(r.format() + '\n');
    if (!r.ok) {
      io.stderr('regmill pack: the spec has errors; nothing written\n');
      return 1;
    }
    const files = packFiles(r, options);
    const out = path.resolve(io.cwd, values.out);
    try {
      writeOutputs(path.dirname(out), [{ name: path.basename(out), files }]);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      io.stderr(`regmill pack: error: cannot write ${values.out}: ${err.code ?? ''} ${err.message}; nothing written\n`);
      return 1;
    }
    io.stdout(`regmill pack: wrote ${options.name}@${options.version} (${files.length} files) to ${values.out}; publish with: npm publish ${values.out}\n`);
    return 0;
  },
};
