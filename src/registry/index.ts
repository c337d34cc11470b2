// Which domains Sigma can play, by name: built-in, fetched and user folders.
export { BUILT_IN_DOMAINS, BUILT_IN_SEED, type BuiltInDomain } from './built-in.ts';
export { dataHome, domainsHome } from './data-home.ts';
export {
  checkDomainName,
  type DomainEntry,
  type DomainOrigin,
  DomainRegistry,
  type RegistryOptions,
} from './registry.ts';
