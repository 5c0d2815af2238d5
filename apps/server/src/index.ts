export { createRegistryYoga, type RegistryServerOptions } from './yoga';
export { serverConfig } from './config';
export { serveStatic } from './static';
