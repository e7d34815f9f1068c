// Codes of the IP-XACT importer, in the SVD importer's shape (not spec diagnostics).
export const ipxactCodes = {
  /** The XML is not well formed. */
  malformedXml: 'IPX001',
  /** Not an IP-XACT component, or a required element is missing or unreadable. */
  invalid: 'IPX002',
  /** A construct .regs cannot express: dropped or approximated, as the message says. */
  unsupported: 'IPX101',
  /** A value that contradicts the rest of the description (overlap, out of range): left out. */
  conflict: 'IPX102',
  /** Two elements got the same .regs name: the later one is renamed. */
  renamed: 'IPX103',
} as const;
