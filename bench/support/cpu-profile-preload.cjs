// Preloaded into the server (NODE_OPTIONS=--require …) by bench scripts run with --profile=DIR,
// since NODE_OPTIONS may not carry --cpu-prof: SIGUSR2 starts a V8 CPU profile, the next SIGUSR2
// writes it to DIR/server-<pid>-<n>.cpuprofile (open it in Chrome DevTools, or summarise it with
// node bench/support/profile-summary.mjs FILE). Scripts profile just the part they time.
const { Session } = require('node:inspector');
const { writeFileSync, mkdirSync } = require('node:fs');
const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  let running = false;
  let n = 0;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.start');
      return;
    }
    running = false;
    session.post('Profiler.stop', (err, result) => {
      if (err) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${dir}/server-${process.pid}-${++n}.cpuprofile`, JSON.stringify(result.profile));
    });
  });
}
