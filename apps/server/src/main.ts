import { startServer } from './start-server';

// The `switchyard-server` command: the server configured by this process's environment.
async function main(): Promise<void> {
  const server = await startServer(process.env);

  const lines = [`Switchyard is listening on ${server.url}  (database: ${server.database})`];
  if (server.generatedAdminToken !== null) lines.push(`Admin token (shown once; store it now): ${server.generatedAdminToken}`);
  else if (process.env.SWITCHYARD_ADMIN_TOKEN !== undefined) lines.push('Admin token: the one in SWITCHYARD_ADMIN_TOKEN');
  else lines.push('Admin token: printed on first start (create more with POST /api/v1/keys)');
  process.stdout.write(`\n${lines.join('\n')}\n\n`);

  const stop = async (signal: string) => {
    await server.close(signal);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
