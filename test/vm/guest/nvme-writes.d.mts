export declare const NVME_WRITES: Record<'cli' | 'polled' | 'interrupts', { lba: number; count: number; qid: number }>;
