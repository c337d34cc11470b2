// The HTTP API: the app factory (for tests and embedding) and the server `sigma serve` runs.
export { type AppOptions, createApp, DEFAULT_BODY_LIMIT, type SigmaApp } from './app.ts';
export { isLoopback, MIN_TOKEN_LENGTH } from './auth.ts';
export { ERROR_CODES, type ErrorBody } from './http-errors.ts';
export { type CreateSessionInput, type LiveSession, SessionService } from './session-service.ts';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  type RunningServer,
  type ServerOptions,
  startServer,
} from './start-server.ts';
