/** Stable codes API clients can branch on; messages may change, codes may not. */
export type FormatErrorCode =
  | 'XML_MALFORMED'
  | 'XML_FORBIDDEN_DTD'
  | 'XML_TOO_LARGE'
  | 'XML_UNSUPPORTED_DOCUMENT'
  | 'XML_EMPTY';

/** A document that cannot be read at all (as opposed to a readable invoice with findings). */
export class FormatError extends Error {
  readonly code: FormatErrorCode;
  readonly path?: string;

  constructor(code: FormatErrorCode, message: string, path?: string) {
    super(message);
    this.name = 'FormatError';
    this.code = code;
    this.path = path;
  }
}

export function isFormatError(error: unknown): error is FormatError {
  return error instanceof FormatError;
}
