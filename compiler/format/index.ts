// The canonical spec formatter (`regmill fmt`).
export { formatSpec, DEFAULT_WIDTH, type FormatOptions, type FormatResult } from './format.js';
