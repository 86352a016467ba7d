/** Errors the services throw on purpose; dispatch turns them (and SQLite failures) into Result errors. */
import type { ApiErrorCode } from '../../shared/result';

export class ServiceError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const notFound = (what: string) => new ServiceError('not-found', `${what} was not found`);
export const conflict = (message: string) => new ServiceError('conflict', message);
