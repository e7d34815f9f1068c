// Completion status by name: SC is named by the table SCT selects (NVMe 1.4 section 4.6.1, figures
// 126-130), as specs/nvme.regs says with `enum by sct`; the names come through the generated
// CqeDw3ScNames.
import { CqeDw3, CqeDw3ScNames, StatusCodeType } from '../../generated/nvme/nvme.js';

export interface CompletionStatus {
  readonly sct: number;
  readonly sc: number;
  /** e.g. "command_specific/invalid_qid" (numbers where the spec names none: "vendor/0x03", "sct_5/0x03"). */
  readonly name: string;
  readonly dnr: boolean;
}

/** Decodes CQE dword 3 (one value already read; no access here). */
export function decodeStatus(dw3: number): CompletionStatus {
  const named = CqeDw3ScNames.decode(dw3);
  // A type without a table of codes (vendor specific) still has its own name.
  const type = typeof named.sct === 'string' ? named.sct : (StatusCodeType.nameOf(named.sct) ?? `sct_${named.sct}`);
  const code = typeof named.sc === 'string' ? named.sc : `0x${named.sc.toString(16).padStart(2, '0')}`;
  return { sct: CqeDw3.sct.get(dw3), sc: CqeDw3.sc.get(dw3), name: `${type}/${code}`, dnr: CqeDw3.dnr.get(dw3) };
}

export class NvmeCommandError extends Error {
  constructor(
    readonly command: string,
    readonly cid: number,
    readonly qid: number,
    readonly status: CompletionStatus,
  ) {
    super(`${command} (CID ${cid} on SQ ${qid}) failed: ${status.name} (SCT ${status.sct}, SC 0x${status.sc.toString(16).padStart(2, '0')}${status.dnr ? ', do not retry' : ''})`);
    this.name = 'NvmeCommandError';
  }
}

/**
 * The IOMMU refused a DMA of the controller while `command` ran: whatever the completion says, data did
 * not reach memory (a refused device write) or the device used data it could not read (a refused read).
 */
export class NvmeDmaFaultError extends Error {
  constructor(
    readonly command: string,
    readonly cid: number,
    readonly qid: number,
    /** What the controller reported, e.g. "generic/success". */
    readonly reported: string,
    readonly faults: readonly { readonly access: 'read' | 'write'; readonly address: bigint; readonly reason: string }[],
  ) {
    const what = faults.map((f) => `device ${f.access} at IOVA 0x${f.address.toString(16)} (fault reason ${f.reason})`).join('; ');
    super(`${command} (CID ${cid} on SQ ${qid}) completed with ${reported}, but the IOMMU refused its DMA: ${what}; the transfer did not happen (is the buffer still mapped?)`);
    this.name = 'NvmeDmaFaultError';
  }
}
