export declare const WORDS_AT_EACH_END: number;
export declare function checkedWords(bytes: number): number[];
export declare function hostWord(i: number): number;
export declare function guestWord(i: number): number;
