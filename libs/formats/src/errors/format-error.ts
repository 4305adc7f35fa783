/** Stable codes API clients can branch on; messages may change, codes may not. */
export type FormatErrorCode =
  | 'XML_MALFORMED'
  | 'XML_FORBIDDEN_DTD'
  | 'XML_TOO_LARGE'
  | 'XML_UNSUPPORTED_DOCUMENT'
  | 'XML_EMPTY'
  | 'XML_TOO_DEEP'
  | 'XML_TOO_MANY_NODES';

/** A document that cannot be read at all (as opposed to a readable invoice with findings). */
export class FormatError extends Error {
  readonly code: FormatErrorCode;
  readonly path?: string;
  /** What would have been accepted, e.g. "at most 200000 elements". */
  readonly expected?: string;

  constructor(code: FormatErrorCode, message: string, path?: string, expected?: string) {
    super(message);
    this.name = 'FormatError';
    this.code = code;
    this.path = path;
    this.expected = expected;
  }
}

export function isFormatError(error: unknown): error is FormatError {
  return error instanceof FormatError;
}
