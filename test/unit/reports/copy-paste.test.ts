import { describe, expect, it } from 'vitest';
import { shellWord } from '../../../electron/engine/reports/report-model';

describe('next-step commands are quoted for copy-paste', () => {
  it('leaves safe words bare and single-quotes the rest (spaces, quotes, shell metacharacters)', () => {
    expect(shellWord('migrations/V1__x.sql')).toBe('migrations/V1__x.sql');
    expect(shellWord('migrations/V1 missing tables.sql')).toBe("'migrations/V1 missing tables.sql'");
    expect(shellWord("it's.sql")).toBe("'it'\\''s.sql'");
    expect(shellWord('migrations/<name>.sql')).toBe("'migrations/<name>.sql'");
    expect(shellWord('$(rm -rf ~).sql')).toBe("'$(rm -rf ~).sql'");
  });
});
