import { HttpException } from '@nestjs/common';
import type { ApiErrorDetail, ApiErrorBody } from '@app/contracts';

/** A detail of the error body: where, what, what was expected (the HTTP contract's ApiErrorDetail). */
export type ErrorDetail = ApiErrorDetail;

/** An error in the shape of the HTTP contract: {error: {code, message, details}}. */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super({ error: { code, message, details } } satisfies ApiErrorBody, status);
  }
}

export const badRequest = (code: string, message: string, details: ErrorDetail[] = []) =>
  new ApiError(400, code, message, details);
export const notFound = (what: string, id?: string) =>
  new ApiError(404, 'NOT_FOUND', `${what}${id ? ` ${id}` : ''} not found`);
export const conflict = (code: string, message: string, details: ErrorDetail[] = []) =>
  new ApiError(409, code, message, details);
export const forbidden = (message = 'You are not allowed to do this') => new ApiError(403, 'FORBIDDEN', message);
export const unprocessable = (code: string, message: string, details: ErrorDetail[] = []) =>
  new ApiError(422, code, message, details);
