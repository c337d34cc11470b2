// Kept apart from the server's modules so `sigma --help` can show them without loading the server.

/** Loopback only, unless told otherwise (with a token). */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8000;
