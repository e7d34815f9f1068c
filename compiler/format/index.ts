// The canonical spec formatter (`regmill fmt`).
export { formatSpec } from './format.js';
