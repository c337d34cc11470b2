import type { DomainRegistry } from '../registry/index.ts';
import type { SessionStore } from '../store/index.ts';
import type { SessionService } from './session-service.ts';

/** What every route handler gets from `createApp`. */
export interface RouteDeps {
  sessions: SessionService;
  registry: DomainRegistry;
  store: SessionStore;
  log: (message: string) => void;
}
