import {
  FieldConfigProperty,
  PanelPlugin,
  ThresholdsMode,
  type SelectableValue,
  type SelectFieldConfigSettings,
} from '@grafana/data';

import { AdoptionPanel } from './components/AdoptionPanel';
import { KNOWN_INDICATORS } from './data/indicators';
import { DEFAULT_OPTIONS, type AdoptionPanelOptions } from './types';

const indicatorOptions: Array<SelectableValue<string>> = KNOWN_INDICATORS.map((meta) => ({
  value: meta.name,
  label: meta.title,
  description: meta.name,
}));

// Grafana types a multi-select's default as one option rather than a list, so the three list
// options have no editor default: withDefaults() fills them when the panel reads its options.
export const plugin = new PanelPlugin<AdoptionPanelOptions>(AdoptionPanel)
  .useFieldConfig({
    // Thresholds normally come from ecm_adoption_indicator_threshold_ratio. The field thresholds
    // are a fallback only, so their default is "none" rather than Grafana's green/80-red.
    standardOptions: {
      [FieldConfigProperty.Thresholds]: {
        defaultValue: { mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'text' }] },
      },
    },
    disableStandardOptions: [FieldConfigProperty.Unit, FieldConfigProperty.Min, FieldConfigProperty.Max],
  })
  .setPanelOptions((builder) =>
    builder
      .addRadio({
        path: 'view',
        name: 'View',
        category: ['View'],
        defaultValue: DEFAULT_OPTIONS.view,
        settings: {
          options: [
            { value: 'scorecard', label: 'Scorecard' },
            { value: 'trend', label: 'Trend' },
            { value: 'wallboard', label: 'Wallboard' },
          ],
        },
      })
      .addSelect({
        path: 'trendIndicator',
        name: 'Trend indicator',
        description: 'The indicator the Trend view draws; empty uses the first shown indicator.',
        category: ['View'],
        defaultValue: DEFAULT_OPTIONS.trendIndicator,
        settings: { options: indicatorOptions, allowCustomValue: true, isClearable: true },
        showIf: (options) => options.view === 'trend',
      })
      .addMultiSelect<string, SelectFieldConfigSettings<string>>({
        path: 'indicators',
        name: 'Indicators',
        description: 'Indicators shown, in this order. Empty shows every indicator returned.',
        category: ['Data'],
        settings: { options: indicatorOptions, allowCustomValue: true },
      })
      .addMultiSelect<string, SelectFieldConfigSettings<string>>({
        path: 'locations',
        name: 'Locations',
        description: 'Location ids shown, or a dashboard variable such as $location. Empty shows all.',
        category: ['Data'],
        settings: { options: [], allowCustomValue: true },
      })
      .addMultiSelect<string, SelectFieldConfigSettings<string>>({
        path: 'lowerIsBetter',
        name: 'Lower is better',
        description:
          'Used only when the query returns no ecm_adoption_indicator_info series (which carries the direction).',
        category: ['Data'],
        settings: { options: indicatorOptions, allowCustomValue: true },
      })
      .addRadio({
        path: 'window',
        name: 'Window',
        description: 'Rolling window of the current value. Auto: 7d in weekly governance, 28d in monthly.',
        category: ['Periods'],
        defaultValue: DEFAULT_OPTIONS.window,
        settings: {
          options: [
            { value: 'auto', label: 'Auto by phase' },
            { value: '7d', label: '7 days' },
            { value: '28d', label: '28 days' },
          ],
        },
      })
      .addRadio({
        path: 'period',
        name: 'Review period',
        description: 'Auto: calendar weeks while a location is in weekly governance, calendar months once monthly.',
        category: ['Periods'],
        defaultValue: DEFAULT_OPTIONS.period,
        settings: {
          options: [
            { value: 'auto', label: 'Auto by phase' },
            { value: 'weekly', label: 'Weekly' },
            { value: 'monthly', label: 'Monthly' },
          ],
        },
      })
      .addTextInput({
        path: 'timezone',
        name: 'Time zone',
        description: 'IANA time zone for calendar weeks (Monday start) and months.',
        category: ['Periods'],
        defaultValue: DEFAULT_OPTIONS.timezone,
      })
      .addNumberInput({
        path: 'decimals',
        name: 'Decimals',
        category: ['Display'],
        defaultValue: DEFAULT_OPTIONS.decimals,
        settings: { min: 0, max: 4, integer: true },
      })
      .addNumberInput({
        path: 'sparklinePeriods',
        name: 'Sparkline periods',
        description: 'Review periods in each scorecard sparkline.',
        category: ['Display'],
        defaultValue: DEFAULT_OPTIONS.sparklinePeriods,
        settings: { min: 2, max: 104, integer: true },
        showIf: (options) => options.view === 'scorecard',
      })
      .addTextInput({
        path: 'drilldownUrl',
        name: 'Drill-down link',
        description: 'Opened from a cell or tile. ${location} and ${indicator} are replaced, then dashboard variables.',
        category: ['Drill-down'],
        defaultValue: DEFAULT_OPTIONS.drilldownUrl,
        settings: { placeholder: '/d/ecm-location?var-location=${location}&var-indicator=${indicator}' },
      })
  );
