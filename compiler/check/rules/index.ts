// Every rule, one invariant each, in the order their diagnostics read best: names first, then
// geometry, then fields and values, then interrupts and DMA. (Diagnostics are sorted by position
// afterwards; this order only decides ties.)
import type { Rule } from './rule.js';
import { uniqueNames } from './uniqueNames.js';
import { uniqueBlockTypeNames } from './uniqueBlockTypeNames.js';
import { pciIdentity } from './pciIdentity.js';
import { barIndices } from './barIndices.js';
import { barSizesArePowersOfTwo } from './barSizesArePowersOfTwo.js';
import { registerWidths } from './registerWidths.js';
import { alignedOffsets } from './alignedOffsets.js';
import { registerSplit } from './registerSplit.js';
import { sharedStorage } from './sharedStorage.js';
import { arrays } from './arrays.js';
import { nodesInsideBar } from './nodesInsideBar.js';
import { noOverlappingNodes } from './noOverlappingNodes.js';
import { fieldsInsideRegister } from './fieldsInsideRegister.js';
import { noOverlappingFields } from './noOverlappingFields.js';
import { resetValues } from './resetValues.js';
import { enumValuesFit } from './enumValuesFit.js';
import { uniqueEnumValues } from './uniqueEnumValues.js';
import { reservedPreserve } from './reservedPreserve.js';
import { rmwHazards } from './rmwHazards.js';
import { interruptAccess } from './interruptAccess.js';
import { vectorRange } from './vectorRange.js';
import { statuslessCauses } from './statuslessCauses.js';
import { interruptMasks } from './interruptMasks.js';
import { wordsInsideLayout } from './wordsInsideLayout.js';
import { layoutAlignment } from './layoutAlignment.js';
import { ownerValueFits } from './ownerValueFits.js';
import { deviceWrittenWords } from './deviceWrittenWords.js';
import { variantWords } from './variantWords.js';
import { enumBy } from './enumBy.js';
import { variantGaps } from './variantGaps.js';
import { phaseRings } from './phaseRings.js';
import { ringIndexRange } from './ringIndexRange.js';
import { ringVectors } from './ringVectors.js';
import { ringPairing } from './ringPairing.js';
import { runtimeReads } from './runtimeReads.js';
import { runtimeStridePlace } from './runtimeStridePlace.js';

export const rules: readonly Rule[] = [
  uniqueNames,
  uniqueBlockTypeNames,
  pciIdentity,
  barIndices,
  barSizesArePowersOfTwo,
  registerWidths,
  alignedOffsets,
  registerSplit,
  sharedStorage,
  arrays,
  nodesInsideBar,
  noOverlappingNodes,
  fieldsInsideRegister,
  noOverlappingFields,
  resetValues,
  enumValuesFit,
  uniqueEnumValues,
  enumBy,
  reservedPreserve,
  rmwHazards,
  interruptAccess,
  vectorRange,
  statuslessCauses,
  interruptMasks,
  wordsInsideLayout,
  layoutAlignment,
  ownerValueFits,
  deviceWrittenWords,
  variantWords,
  variantGaps,
  runtimeReads,
  runtimeStridePlace,
  phaseRings,
  ringIndexRange,
  ringVectors,
  ringPairing,
];
