import { describe, expect, it } from 'vitest';
import { requireBinary, runTool } from './support.ts';

describe('tool runner', () => {
  it('a missing binary fails the test with what to install, never skips it', () => {
    expect(() => runTool('ecm-no-such-tool', ['--version'])).toThrow(/^ecm-no-such-tool is not installed \(PATH=.*\): apt-get install ecm-no-such-tool$/);
  });

  it('names the Debian package of the tools it knows', () => {
    const path = process.env['PATH'];
    process.env['PATH'] = '/nonexistent';
    try {
      expect(() => requireBinary('amtool')).toThrow(/apt-get install prometheus-alertmanager$/);
    } finally {
      process.env['PATH'] = path;
    }
  });
});
