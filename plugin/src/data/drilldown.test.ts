import { describe, expect, it } from 'vitest';

import { expandLocations, fillDrilldown } from './drilldown';

describe('drill-down links', () => {
  it('encodes location and indicator into the template', () => {
    expect(
      fillDrilldown('/d/ecm-location?var-location=${location}&var-indicator=${indicator}', {
        location: 'Rose & Crown "A"',
        indicator: 'task_on_time',
      })
    ).toBe('/d/ecm-location?var-location=Rose%20%26%20Crown%20%22A%22&var-indicator=task_on_time');
  });

  it('expands multi-value variables and drops All', () => {
    const vars: Record<string, string> = { $location: '{Rosewood,Meadow}', $all: '$__all' };
    expect(expandLocations(['$location', 'Oak', '$all'], (v) => vars[v] ?? v)).toEqual(['Rosewood', 'Meadow', 'Oak']);
  });
});
