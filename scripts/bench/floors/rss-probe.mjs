// Preloaded into every process the commands bench times (ours and the floors alike, through
// NODE_OPTIONS=--import): writes "peakRssKb cpuMs" to $BENCH_RSS_FILE at exit. CPU time
// (user + system) is the steadier figure on a shared machine, where wall time mostly
// measures how many other processes wanted the same cores.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (!process.env.BENCH_RSS_FILE) return;
  const usage = process.resourceUsage();
  writeFileSync(process.env.BENCH_RSS_FILE, `${usage.maxRSS} ${(usage.userCPUTime + usage.systemCPUTime) / 1000}`);
});
