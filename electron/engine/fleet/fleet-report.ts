import type { FleetRunState, FleetStatus } from '../../../shared/contract/fleet';
import { formatYmdhis } from '../orchestrator/ymdhis';
import { describeCounts } from './fleet-apply';

/** One Markdown report for the fleet: the last run (waves, per target) and the drift matrix summary. */
export function renderFleetReportMarkdown(status: FleetStatus, run: FleetRunState | undefined): string {
  const lines: string[] = [`# Fleet report: ${status.fleet}`, ''];
  lines.push(
    `Reference target: ${status.reference}; database ${status.database}; ${status.targets.length} targets, ${status.tables.length} tables; read in ${status.elapsedMs} ms.`,
    '',
  );
  if (run) {
    lines.push('## Last fleet run', '');
    lines.push(`- Run id: ${run.runId}`, `- File: ${run.file} (sha256 ${run.sha256.slice(0, 12)}…), role ${run.role}`);
    lines.push(
      `- Started ${formatYmdhis(run.startedYmdhis)}, updated ${formatYmdhis(run.updatedYmdhis)}: **${run.status}** (${describeCounts(run)})`,
      '',
    );
    lines.push('| Wave | Target | State | Batch | Error |', '|---|---|---|---|---|');
    for (const [index, wave] of run.waves.entries())
      for (const name of wave) {
        const t = run.targets[name];
        lines.push(
          `| ${index === 0 && wave.length && status.targets.find((s) => s.name === name)?.canary ? 'canary' : index + 1} | ${name} | ${t?.state ?? '?'} | ${t?.batchId ?? ''} | ${(t?.error ?? '').replace(/\|/g, '\\|').slice(0, 200)} |`,
        );
      }
    lines.push('');
  }
  lines.push(
    '## Drift per target',
    '',
    '| Target | Reachable | In sync | Missing | Different | Extra | Ledger |',
    '|---|---|---|---|---|---|---|',
  );
  for (const t of status.targets) {
    const ledger = t.ledger
      ? t.ledger.present
        ? `${t.ledger.lastBatch ? `#${t.ledger.lastBatch.batchId} ${t.ledger.lastBatch.status}` : 'no batch'}${t.ledger.unfinished ? `, ${t.ledger.unfinished} unfinished` : ''}`
        : 'none'
      : '';
    lines.push(
      `| ${t.name}${t.canary ? ' (canary)' : ''} | ${t.reachable ? 'yes' : `no: ${(t.error ?? '').slice(0, 80)}`} | ${t.counts.inSync} | ${t.counts.missing} | ${t.counts.different} | ${t.counts.extra} | ${ledger} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
