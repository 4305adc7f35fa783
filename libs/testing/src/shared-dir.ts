import { resolve } from 'node:path';

/**
 * The shared fixtures folder that sits beside the project root (the official EN 16931 examples and
 * unit tests live in `<shared>/en16931`). SHARED_DIR overrides it.
 */
export const SHARED_DIR = process.env.SHARED_DIR ?? resolve(__dirname, '..', '..', '..', '..', 'shared');
export const EN16931_DIR = resolve(SHARED_DIR, 'en16931');
