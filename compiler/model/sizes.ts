// Extents in the model: a register's bytes from its width, one element's bytes, and the bytes a whole
// node occupies (an array's last element ends at offset + (count-1)*stride + size). Shared by resolve
// (block sizes) and check (bounds, overlaps); undefined when something is unknown or invalid.
import type { MNode } from './model.js';

const VALID_WIDTHS = new Set([8, 16, 32, 64]);

export function byteSize(width: number | undefined): number | undefined {
  return width !== undefined && VALID_WIDTHS.has(width) ? width / 8 : undefined;
}

/** Bytes of one element of `node` (a register's width, a block type's size). */
export function elementSize(node: MNode): number | undefined {
  return node.kind === 'register' ? byteSize(node.width) : node.type?.size;
}

/** [start, end) of the whole node relative to its scope, or undefined when something is unknown. */
export function extentOf(node: MNode): { start: number; end: number } | undefined {
  const size = elementSize(node);
  if (node.offset === undefined || size === undefined) return undefined;
  if (!node.array) return { start: node.offset, end: node.offset + size };
  const { count, stride } = node.array;
  if (count === undefined || stride === undefined) return undefined;
  if (count === 0) return { start: node.offset, end: node.offset };
  return { start: node.offset, end: node.offset + (count - 1) * stride + size };
}
