import type { DestinationStream } from 'pino';

let destination: DestinationStream | undefined;

/**
 * Where the API's pino logger writes (standard output unless set). Tests capture log lines with it;
 * it must be set before the application is created.
 */
export function setLogDestination(d: DestinationStream | undefined): void {
  destination = d;
}

export const logDestination = (): DestinationStream | undefined => destination;
