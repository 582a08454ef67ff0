import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { connectionParamsFromFlags } from '../../../electron/cli/connection-options';
import { terminalPrompt, withPromptedPassword } from '../../../electron/cli/password-prompt';
import { runCli } from '../../../electron/cli/program';
import type { CliIo } from '../../../electron/cli/runtime';
import { captureIo as captureSharedIo } from '../../support/cli-io';

const SECRET = 'pr0mpted-S3cret';

interface Captured extends CliIo {
  readonly out: string[];
  readonly err: string[];
  readonly asked: string[];
}

function captureIo(env: NodeJS.ProcessEnv, answer?: string): Captured {
  const asked: string[] = [];
  const prompt = async (question: string, options: { readonly secret: boolean }) => {
    asked.push(`${question}|secret=${options.secret}`);
    return answer ?? '';
  };
  return { ...captureSharedIo({ env, cwd: '/', ...(answer === undefined ? {} : { prompt }) }), asked };
}

const resolve = (url: string, io: CliIo) => withPromptedPassword(connectionParamsFromFlags({ url }, io), io);

describe('CLI password resolution', () => {
  it('takes LUPO_PASSWORD without asking (an empty one too)', async () => {
    for (const value of ['from-env', '']) {
      const io = captureIo({ LUPO_PASSWORD: value }, SECRET);
      expect((await resolve('mysql://app@db:3307', io)).password).toBe(value);
      expect(io.asked).toEqual([]);
    }
  });

  it('takes the URL password (over LUPO_PASSWORD) without asking', async () => {
    const io = captureIo({ LUPO_PASSWORD: 'from-env' }, SECRET);
    expect((await resolve('mysql://app:from%20url@db:3307', io)).password).toBe('from url');
    expect(io.asked).toEqual([]);
  });

  it('asks, without echo, only when neither is given and a prompt is available — once per account', async () => {
    const io = captureIo({}, SECRET);
    expect((await resolve('mysql://app@db:3307', io)).password).toBe(SECRET);
    expect((await resolve('mysql://app@db:3307', io)).password).toBe(SECRET);
    expect(io.asked).toEqual(['Password for app@db:3307: |secret=true']);
    expect((await resolve('mysql://other@db:3307', io)).password).toBe(SECRET);
    expect(io.asked).toHaveLength(2);
  });

  it('connects without a password when there is no prompt (scripts, CI)', async () => {
    const io = captureIo({});
    expect((await resolve('mysql://app@db:3307', io)).password).toBeUndefined();
  });

  it('never prints the prompted password, even when the connection fails', async () => {
    const io = captureIo({}, SECRET);
    expect(await runCli(['status', '--url', 'mysql://app@127.0.0.1:1', '--connect-timeout', '2000'], io)).toBe(2);
    expect(io.asked).toEqual(['Password for app@127.0.0.1:1: |secret=true']);
    expect(io.err.join('')).toMatch(/lupo: .*hint:/s);
    expect(io.out.join('') + io.err.join('')).not.toContain(SECRET);
    const json = captureIo({}, SECRET);
    expect(await runCli(['--json', 'status', '--url', 'mysql://app@127.0.0.1:1'], json)).toBe(2);
    expect(JSON.parse(json.out.join('')).error.code).toMatch(/^connection\//);
    expect(json.out.join('') + json.err.join('')).not.toContain(SECRET);
  });
});

describe('terminalPrompt', () => {
  it('reads one line and echoes nothing typed', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const shown: string[] = [];
    output.on('data', (chunk: Buffer) => shown.push(chunk.toString()));
    const answer = terminalPrompt(input, output)('Password for app@db:3307: ', { secret: true });
    input.write(`${SECRET}\n`);
    expect(await answer).toBe(SECRET);
    expect(shown.join('')).toBe('Password for app@db:3307: \n');
  });
});
