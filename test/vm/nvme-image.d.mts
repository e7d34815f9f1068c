export declare const NVME_SERIAL: string;
export declare const NVME_IMAGE_BYTES: number;
export declare const NVME_LBA_BYTES: number;
export declare const HOST_SEED: number;
export declare const GUEST_SEED: number;
export declare function patternBlock(lba: number, seed: number): Uint8Array;
export declare function firstBadBlock(data: Uint8Array, lba: number, count: number, seed: number): number;
