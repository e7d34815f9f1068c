import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chooseIrqMode } from '../../../runtime/vfio/irq.js';

test('auto prefers MSI-X, then MSI, then INTx', () => {
  assert.is(chooseIrqMode({ intx: 1, msi: 1, msix: 5 }, 'auto'), 'msix');
  assert.is(chooseIrqMode({ intx: 1, msi: 1, msix: 0 }, 'auto'), 'msi');
  assert.is(chooseIrqMode({ intx: 1, msi: 0, msix: 0 }, 'auto'), 'intx');
  assert.is(chooseIrqMode({ intx: 0, msi: 0, msix: 0 }, 'auto'), 'none');
  assert.is(chooseIrqMode({ intx: 1, msi: 1, msix: 5 }, 'none'), 'none');
});

test('an explicit mode the device lacks is an error listing what it has', () => {
  assert.is(chooseIrqMode({ intx: 1, msi: 1, msix: 0 }, 'intx'), 'intx');
  assert.throws(() => chooseIrqMode({ intx: 1, msi: 1, msix: 0 }, 'msix'), /the device offers no MSIX vectors \(INTx 1, MSI 1, MSI-X 0\)/);
});

test.run();
