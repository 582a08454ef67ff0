import type { DatabaseRole, Location } from './model';

/** How much a finding matters. `error` fails `lupo lint`/`lupo diff` (exit 1). */
export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem found in the input or by a doctrine rule: what (`code`), how bad, where, and
 * a message that says how to fix it. Load errors use codes like `definition/invalid-json`;
 * doctrine findings use the rule id (`no-foreign-keys`).
 */
export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** What the operator should do about it. */
  readonly hint?: string;
  readonly location: Location;
  /** The table the finding is about (doctrine findings on one table), for grouping and waivers. */
  readonly table?: string;
  /** The role database of `table`. */
  readonly role?: DatabaseRole;
  /** Set when a waiver in the workspace config covers it: still listed, no longer a failure. */
  readonly waived?: { readonly reason: string };
}

/**
 * A failure caught while loading one input (a LupoError) as an error finding at `location`,
 * keeping its code, message and hint — so one bad file is reported, not fatal.
 */
export function errorFinding(
  error: { readonly code: string; readonly message: string; readonly hint?: string },
  location: Location,
): Finding {
  return {
    code: error.code,
    severity: 'error',
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
    location,
  };
}

/** Renders a location as `file:line:column` or `database.table.column`. */
export function formatLocation(location: Location): string {
  if (location.kind === 'file') {
    return location.column === undefined
      ? `${location.file}:${location.line}`
      : `${location.file}:${location.line}:${location.column}`;
  }
  return [location.database, location.table, location.column].filter(Boolean).join('.');
}
