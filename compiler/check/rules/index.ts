// Every rule, in the order their diagnostics read best (names first, then geometry, then semantics).
import type { Rule } from './rule.js';
import { uniqueNames } from './uniqueNames.js';
import { barLayout } from './barLayout.js';
import { registerGeometry } from './registerGeometry.js';
import { arrays } from './arrays.js';
import { nodesInsideBar } from './nodesInsideBar.js';
import { noOverlappingNodes } from './noOverlappingNodes.js';
import { fieldBits } from './fieldBits.js';
import { resetValues } from './resetValues.js';
import { enumValues } from './enumValues.js';
import { reservedPreserve } from './reservedPreserve.js';
import { rmwHazards } from './rmwHazards.js';
import { interruptAccess } from './interruptAccess.js';
import { pciIdentity } from './pciIdentity.js';
import { layoutGeometry } from './layoutGeometry.js';

export const rules: readonly Rule[] = [
  uniqueNames,
  pciIdentity,
  barLayout,
  registerGeometry,
  arrays,
  nodesInsideBar,
  noOverlappingNodes,
  fieldBits,
  resetValues,
  enumValues,
  reservedPreserve,
  rmwHazards,
  interruptAccess,
  layoutGeometry,
];
