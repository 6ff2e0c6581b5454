import { describe, expect, it } from 'vitest';

import { AdoptionPanel } from './components/AdoptionPanel';
import { plugin } from './module';
import { DEFAULT_OPTIONS, withDefaults } from './types';

describe('module wiring', () => {
  it('registers the panel component', () => {
    // The option editors need Grafana's editor registry, which only exists inside Grafana;
    // their defaults come from DEFAULT_OPTIONS, checked below through withDefaults.
    expect(plugin.panel).toBe(AdoptionPanel);
  });

  it('fills options a saved dashboard lacks', () => {
    expect(withDefaults({ view: 'wallboard' })).toEqual({ ...DEFAULT_OPTIONS, view: 'wallboard' });
    expect(withDefaults(undefined).lowerIsBetter).toEqual(['note_duplication']);
  });
});
