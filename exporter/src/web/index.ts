export { loadWebConfig, NO_WEB_CONFIG, validateWebConfig, type WebConfig } from './load.ts';
export { createHttpServer, exposureWarnings, logWebSecurity, urlScheme, type WebLogger } from './server.ts';

/** The flag of serve and demo, named as in every exporter built on exporter-toolkit. */
export const WEB_CONFIG_FLAG = '--web.config.file <path>';
export const WEB_CONFIG_HELP =
  'web config file in the Prometheus exporter-toolkit format: TLS, basic auth, headers on every endpoint (overrides WEB_CONFIG_FILE and server.webConfigFile; default: plain HTTP)';
