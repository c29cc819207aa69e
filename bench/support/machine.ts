import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

/** One line saying where and under what load a figure was taken: the machine is shared. */
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown cpu'}), Node ${process.version}, ${uptime()}`;
}

/** `uptime`'s output (load averages over 1, 5 and 15 minutes), or os.loadavg() where it is missing. */
export function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/\s+/g, ' ');
  } catch {
    return `load average: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`;
  }
}

/** The 1-minute load average per core: above 1 the figures are disturbed by other work. */
export function loadPerCore(): number {
  return loadavg()[0]! / cpus().length;
}

/** Prints the header every script starts with, and warns when the machine is busy. */
export function printMachine(title: string): void {
  console.log(`# ${title}`);
  console.log(`machine: ${machineLine()}`);
  if (loadPerCore() > 1) console.log(`WARNING: load ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores: other work competes with this run; rerun when the machine is quieter.`);
  console.log('');
}

/** Prints the load at the end of a run, so both ends are on record. */
export function printLoadAtEnd(): void {
  console.log(`\nload at end: ${uptime()}`);
}
