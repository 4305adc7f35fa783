/** One problem of a refused request: where (`lines[0].unitPrice`, `query.cursor`, `headers.content-type`) and what. */
export interface ApiErrorDetail {
  path: string;
  issue: string;
  expected?: string;
  actual?: string;
}

/** Every 4xx and 5xx answer (README "Error contract"): a stable code, a message, one detail per field. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    details: ApiErrorDetail[];
  };
}
