// The diagnostics of compiler/check/rules/ringVectors.ts: A ring's interrupt vector is a known kind and exists for every ring of the array.
import { cases, ringRegs } from '../cases.js';

cases([
  {
    name: "MSI vector of the last ring out of range (RM0508)",
    spec: ringRegs + "  ring c[y:4] of e { phase w.p; head db[y]; vector msi 30 + y; }\n}\n",
    expect: ["8:45 RM0508 MSI vector 33 (ring c[3]) is out of range 0..31"],
  },
  {
    name: "unknown vector kind on a ring (RM0507)",
    spec: ringRegs + "  ring c[y:4] of e { phase w.p; head db[y]; vector msx y; }\n}\n",
    expect: ["8:52 RM0507 unknown vector kind 'msx'; expected intx, msi or msix"],
  },
  {
    name: "an MSI-X vector per ring is accepted",
    spec: ringRegs + "  ring c[y:4] of e { phase w.p; head db[y]; vector msix y + 1; }\n}\n",
    expect: [],
  },
]);
