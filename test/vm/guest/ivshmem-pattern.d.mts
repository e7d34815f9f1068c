export declare const IVSHMEM_SIZE: number;
export declare const WORDS_CHECKED: number;
export declare function hostWord(i: number): number;
export declare function guestWord(i: number): number;
