// The public surface of @switchyard/server as a module. The server itself is the `switchyard-server`
// command (dist/main.js, built from main.ts); what a deployment can check before starting it is its
// settings: `loadConfig(env)` returns them, or throws a message naming each invalid variable.
export { loadConfig, type Config } from './config';
