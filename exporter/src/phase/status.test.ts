import { describe, expect, it } from 'vitest';
import { AMBER, GREEN, RED, isSuppressed, statusOf } from './status.ts';

const higher = { target: 0.9, critical: 0.75 };
const lower = { target: 0.1, critical: 0.25 };

describe('statusOf', () => {
  it('higher_is_better: at target is green, just below is amber, at critical is amber, below critical is red', () => {
    expect(statusOf(1, 'higher_is_better', higher)).toBe(GREEN);
    expect(statusOf(9 / 10, 'higher_is_better', higher)).toBe(GREEN); // 9/10 == 0.9 exactly: meets the target
    expect(statusOf(89 / 100, 'higher_is_better', higher)).toBe(AMBER);
    expect(statusOf(3 / 4, 'higher_is_better', higher)).toBe(AMBER); // 3/4 == 0.75: at critical is not beyond it
    expect(statusOf(74 / 100, 'higher_is_better', higher)).toBe(RED);
    expect(statusOf(0, 'higher_is_better', higher)).toBe(RED);
  });

  it('lower_is_better mirrors it: at target green, at critical amber, above critical red', () => {
    expect(statusOf(0, 'lower_is_better', lower)).toBe(GREEN);
    expect(statusOf(1 / 10, 'lower_is_better', lower)).toBe(GREEN);
    expect(statusOf(11 / 100, 'lower_is_better', lower)).toBe(AMBER);
    expect(statusOf(1 / 4, 'lower_is_better', lower)).toBe(AMBER);
    expect(statusOf(26 / 100, 'lower_is_better', lower)).toBe(RED);
  });

  it('target equal to critical leaves no amber band', () => {
    const flat = { target: 0.8, critical: 0.8 };
    expect(statusOf(0.8, 'higher_is_better', flat)).toBe(GREEN);
    expect(statusOf(0.79, 'higher_is_better', flat)).toBe(RED);
  });
});

describe('isSuppressed', () => {
  it('suppresses below the minimum cohort: 4 of 5 suppressed, 5 published, 0 suppressed', () => {
    expect(isSuppressed({ numerator: 4, denominator: 4 }, 5)).toBe(true);
    expect(isSuppressed({ numerator: 0, denominator: 5 }, 5)).toBe(false);
    expect(isSuppressed({ numerator: 0, denominator: 0 }, 5)).toBe(true);
  });
});
