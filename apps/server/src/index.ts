export { createRegistryYoga, type RegistryServerOptions } from './yoga';
export { serverConfig } from './config';
export { createRegistryHttpServer } from './httpServer';
export { serveStatic } from './static';
