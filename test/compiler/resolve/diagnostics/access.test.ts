// The diagnostics of compiler/resolve/access.ts: Access items as written (`rc w1c`, `sw=rw
// onwrite=w1c`) → one explicit {sw, onRead, onWrite}, per the combination rules in docs/language.md
// "Access": at most one sw shorthand, one read effect and one write effect; ro forbids write effects,
// wo read effects, na both; properties override shorthands.
// Each case is one spec and the exact diagnostics it must produce (moved here from the topic files).
import { cases } from '../../check/cases.js';
import { inBar } from '../../check/harness.js';

cases([
  {
    name: 'unknown access shorthand (RM0401)',
    spec: inBar('    register a @ 0 : 32 rx;'),
    expect: ["3:25 RM0401 unknown access 'rx'; expected one of rw, ro, r, wo, w, na, rc, rs, w1c, w1s, w1t, w0c, w0s, w0t, wclr, wset, pulse or sw=/onread=/onwrite="],
  },
  {
    name: 'unknown access property value (RM0401)',
    spec: inBar('    register h @ 0 : 32 sw=rx;'),
    expect: ["3:28 RM0401 unknown sw value 'rx'; expected one of rw, r, w, na"],
  },
  {
    name: "'ro w1c' is contradictory (RM0402)",
    spec: inBar('    register b @ 4 : 32 ro w1c;'),
    expect: ["3:28 RM0402 contradictory access: 'ro' forbids writing but 'w1c' is a write effect; drop 'ro'"],
  },
  {
    name: 'two onwrite effects (RM0402)',
    spec: inBar('    register c @ 8 : 32 { field x [0] w1c w1s; }'),
    expect: ["3:43 RM0402 contradictory access: 'w1c' and 'w1s' are both write effects; a field has at most one"],
  },
  {
    name: 'explicit properties that cannot happen together (RM0402)',
    spec: inBar('    register g @ 0x14 : 32 sw=r onwrite=w1c;'),
    expect: ['3:33 RM0402 contradictory access: sw=r cannot be written, so onwrite=w1c can never happen; use sw=rw or sw=w'],
  },
]);
