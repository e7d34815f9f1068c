// Type-level checks of a generated `enum by` decoder (tsc runs this file; nothing executes it): the
// selector's name narrows the field's name to the table it selects (NVMe 1.4 figure 125, SC by SCT).
import { CqeDw3ScNames, type GenericStatus, type MediaStatus } from '../../../../generated/nvme/nvme.js';

export function narrowed(dw3: number): string {
  const v = CqeDw3ScNames.decode(dw3);
  if (v.sct === 'media') {
    const sc: 'write_fault' | 'unrecovered_read_error' | 'guard_check_error' | 'application_tag_check_error' | 'reference_tag_check_error' | 'compare_failure' | 'access_denied' | 'deallocated_or_unwritten' | number = v.sc;
    // @ts-expect-error a generic status name is not a media status
    const wrong: 'lba_out_of_range' | number = v.sc === 'write_fault' ? v.sc : 0;
    return String(sc) + String(wrong);
  }
  if (typeof v.sct === 'number') {
    const code: number = v.sc; // a type without a table: both numbers
    return String(code);
  }
  return String(v.sc);
}

export const tables: { generic: typeof GenericStatus; media: typeof MediaStatus } = CqeDw3ScNames.tables;
