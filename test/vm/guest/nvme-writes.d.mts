export declare const NVME_WRITES: Record<'cli' | 'polled' | 'interrupts', { lba: number; count: number; qid: number }>;
export declare const NVME_UNDEFINED: Record<'refused', { lba: number; count: number; qid: number }>;
