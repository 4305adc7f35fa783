/** The per-invoice limits intake enforces (from the environment, see libs/config). */
export interface IntakeLimits {
  maxJsonDepth: number;
  maxLines: number;
  maxAllowancesPerLine: number;
  maxXmlElements: number;
  maxXmlAttributes: number;
  /** The CII document inflated out of a Factur-X / ZUGFeRD PDF, at most (BODY_LIMIT_BYTES). */
  maxEmbeddedXmlBytes: number;
}

/** A refused body in the error contract's terms, plain data so that it can cross a thread boundary. */
export interface IntakeFailure {
  status: number;
  code: string;
  message: string;
  details: { path: string; issue: string; expected?: string; actual?: string }[];
}
