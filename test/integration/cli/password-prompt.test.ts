import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../../../electron/cli/program';
import { captureIo as captureSharedIo, type CapturedIo } from '../../support/cli-io';

/** The test server's URL without its password, and that password ('' when it has none). */
function splitUrl(): { url: string; password: string } {
  const parsed = new URL(inject('mysqlUrl'));
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), password };
}

function captureIo(answer?: string): CapturedIo & { asked: string[] } {
  const asked: string[] = [];
  const prompt = async (question: string) => {
    asked.push(question);
    return answer ?? '';
  };
  return { ...captureSharedIo(answer === undefined ? {} : { prompt }), asked };
}

describe('lupo password from the prompt (real server)', () => {
  it('connects with the typed password', async () => {
    const { url, password } = splitUrl();
    const io = captureIo(password);
    expect(await runCli(['status', '--url', url], io)).toBe(0);
    expect(io.asked).toHaveLength(1);
    expect(io.asked[0]).toMatch(/^Password for \w+@127\.0\.0\.1:\d+: $/);
    expect(io.out.join('')).toMatch(/Server: \d+\.\d+\.\d+/);
  });

  it('on a wrong typed password says access denied, names LUPO_PASSWORD, and never prints it', async () => {
    const { url } = splitUrl();
    const io = captureIo('Wr0ng-typed-pw');
    expect(await runCli(['status', '--url', url], io)).toBe(2);
    const printed = io.out.join('') + io.err.join('');
    expect(printed).toMatch(/Access denied/);
    expect(printed).toMatch(/hint: .*LUPO_PASSWORD/);
    expect(printed).not.toContain('Wr0ng-typed-pw');
  });

  it('without a terminal, connects with no password and hints at LUPO_PASSWORD when refused', async () => {
    const { url } = splitUrl();
    const noSuchUser = new URL(url);
    noSuchUser.username = 'lupo_no_such_user';
    const io = captureIo();
    expect(await runCli(['status', '--url', noSuchUser.toString()], io)).toBe(2);
    expect(io.err.join('')).toMatch(/hint: No password was given: set LUPO_PASSWORD/);
  });
});
