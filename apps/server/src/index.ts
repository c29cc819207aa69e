// The public surface of @switchyard/server: the `switchyard-server` command as a function, for
// embedding a real server (tests, tooling). Everything else in this package is internal.
export { startServer, type StartedServer } from './start-server';
