// Completion status by name: SCT picks the enum SC is read with (NVMe 1.4 section 4.6.1, figures
// 126-129); the names come from specs/nvme.regs through the generated code.
import { CommandSpecificStatus, CqeCommandSpecificDw3, CqeDw3, CqeMediaDw3, GenericStatus, MediaStatus, StatusCodeType } from '../../generated/nvme/nvme.js';

export interface CompletionStatus {
  readonly sct: number;
  readonly sc: number;
  /** e.g. "command_specific/invalid_qid". */
  readonly name: string;
  readonly dnr: boolean;
}

/** Decodes CQE dword 3 (one value already read; no access here). */
export function decodeStatus(dw3: number): CompletionStatus {
  const sct = CqeDw3.sct.get(dw3);
  const sc = CqeDw3.sc.get(dw3);
  const type = StatusCodeType.nameOf(sct) ?? `sct_${sct}`;
  const code =
    sct === StatusCodeType.generic ? GenericStatus.nameOf(sc)
    : sct === StatusCodeType.command_specific ? CommandSpecificStatus.nameOf(CqeCommandSpecificDw3.sc.get(dw3))
    : sct === StatusCodeType.media ? MediaStatus.nameOf(CqeMediaDw3.sc.get(dw3))
    : undefined;
  return { sct, sc, name: `${type}/${code ?? `0x${sc.toString(16).padStart(2, '0')}`}`, dnr: CqeDw3.dnr.get(dw3) };
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
