import type { FindingView } from '../../../shared/contract/workspace';
import { formatLocation } from '../../../shared/schema/findings';
import type { DatabaseRole } from '../../../shared/schema/model';

/** Where a finding was found. */
export type FindingSource = NonNullable<FindingView['source']>;

/** What the Doctrine screen shows: every field optional, `showWaived` false hides accepted findings. */
export interface DoctrineFilter {
  readonly rule?: string;
  /** Substring of the table name (case-insensitive). */
  readonly table?: string;
  readonly role?: DatabaseRole;
  readonly source?: FindingSource;
  readonly showWaived?: boolean;
}

/** A group of findings (one table, or one rule). */
export interface FindingGroup {
  readonly key: string;
  readonly label: string;
  readonly findings: readonly FindingView[];
}

/** The identity of what a finding is about: `role.table`, else its location (a file line, a database). */
export function subjectKey(finding: FindingView): string {
  if (finding.table) return `${finding.role ?? '?'}.${finding.table.toLowerCase()}`;
  return formatLocation(finding.location);
}

/** The findings the filter keeps, in their order. */
export function filterFindings(findings: readonly FindingView[], filter: DoctrineFilter): FindingView[] {
  const table = filter.table?.trim().toLowerCase();
  return findings.filter(
    (finding) =>
      (filter.showWaived || !finding.waived) &&
      (!filter.rule || finding.code === filter.rule) &&
      (!filter.role || finding.role === filter.role) &&
      (!filter.source || finding.source === filter.source) &&
      (!table || (finding.table ?? '').toLowerCase().includes(table)),
  );
}

/** Groups findings by table (subject) or by rule, largest group first. */
export function groupFindings(findings: readonly FindingView[], by: 'table' | 'rule'): FindingGroup[] {
  const groups = new Map<string, { key: string; label: string; findings: FindingView[] }>();
  for (const finding of findings) {
    const key = by === 'rule' ? finding.code : subjectKey(finding);
    const label =
      by === 'rule' ? finding.code : finding.table ? `${finding.table} (${finding.role ?? 'unknown role'})` : key;
    const group = groups.get(key) ?? { key, label, findings: [] };
    group.findings.push(finding);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.findings.length - a.findings.length || a.label.localeCompare(b.label));
}

/** Headline counts. */
export interface DoctrineCounts {
  readonly findings: number;
  readonly errors: number;
  readonly waived: number;
  /** Distinct tables with an open finding: a table found in definitions *and* live counts once. */
  readonly tables: number;
  readonly rules: number;
}

/** Counts of a list of findings; waived ones count only in `waived`. */
export function countFindings(findings: readonly FindingView[]): DoctrineCounts {
  const open = findings.filter((finding) => !finding.waived);
  return {
    findings: open.length,
    errors: open.filter((finding) => finding.severity === 'error').length,
    waived: findings.length - open.length,
    tables: new Set(open.filter((finding) => finding.table).map(subjectKey)).size,
    rules: new Set(open.map((finding) => finding.code)).size,
  };
}

/** The findings of one table (every source), for the explorer's table detail. */
export function findingsOfTable(findings: readonly FindingView[], role: string, table: string): FindingView[] {
  const name = table.toLowerCase();
  return findings.filter((finding) => finding.role === role && finding.table?.toLowerCase() === name);
}
