import { runCli } from './run-cli';

// The process edge: real stdout/stderr/environment, Ctrl-C ends `--follow` cleanly.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0); // `switchyard audit export | head`
});

// Run as the root package script (`pnpm switchyard …`), the process starts in the workspace root;
// file arguments are meant relative to the folder the user ran pnpm from.
const fromRootScript = process.env.npm_lifecycle_event === 'switchyard' && process.env.INIT_CWD;

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  cwd: fromRootScript ? process.env.INIT_CWD! : process.cwd(),
  signal: controller.signal,
});
process.exitCode = code;
