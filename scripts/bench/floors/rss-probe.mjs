// Preloaded into every process the commands bench times (ours and the floors alike, through
// NODE_OPTIONS=--import): writes the process's peak RSS in KB to $BENCH_RSS_FILE at exit.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
