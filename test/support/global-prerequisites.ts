import { describeMissing, findMissing, testPrerequisites } from './prerequisites';

/**
 * Integration/e2e global setup: checks once, before any test starts, that the programs the
 * tests start (test server, sshd, openssl, Chromium) are installed, and stops the run with
 * one message naming each missing one and the command that installs it — instead of a
 * dozen raw spawn errors further down.
 */
export default function setup(): void {
  const missing = findMissing(testPrerequisites(process.env), process.env);
  if (missing.length > 0) throw new Error(`\n${describeMissing(missing)}\n`);
}
