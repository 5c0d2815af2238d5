export { createRegistryYoga, type RegistryServerOptions } from './yoga';
export { serverConfig } from './config';
export { createRegistryHttpServer } from './httpServer';
export { serveStatic } from './static';
export { DEFAULT_LOG_READ_LIMITS, logReadLimitsFromEnv, type LogReadLimits } from './logReadAdmission';
