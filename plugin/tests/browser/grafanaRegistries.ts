/**
 * The two registries Grafana's app fills at start-up (public/app/core/components/OptionsUI/registry):
 * the option editors a plugin's builder refers to by id (`addRadio` -> "radio"), and the standard
 * field config properties with the processors `applyFieldOverrides` uses and their defaults (Grafana's
 * own: thresholds green / 80 red, no value mappings). Editors render nothing here: the host never
 * opens the panel editor, it only runs the builders and applies field config as a dashboard does.
 */
import {
  booleanOverrideProcessor,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  FieldConfigProperty,
  FieldType,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  ThresholdsMode,
  unitOverrideProcessor,
  valueMappingsOverrideProcessor,
  type Field,
  type FieldConfigPropertyItem,
  type StandardEditorsRegistryItem,
} from '@grafana/data';

const noEditor = () => null;

const EDITOR_IDS = [
  'text',
  'number',
  'slider',
  'boolean',
  'radio',
  'select',
  'unit',
  'links',
  'stats-picker',
  'strings',
  'timezone',
  'fieldColor',
  'color',
  'multi-select',
  'field-name',
  'dashboard-uid',
  'mappings',
  'thresholds',
];

const always = () => true;
const numbersOnly = (field: Field) => field.type === FieldType.number;
const STANDARD = ['Standard options'];

function standardProperty(
  id: FieldConfigProperty,
  process: FieldConfigPropertyItem['process'],
  extra: Partial<FieldConfigPropertyItem> = {}
): FieldConfigPropertyItem {
  return {
    id,
    path: id,
    name: id,
    editor: noEditor,
    override: noEditor,
    process,
    shouldApply: always,
    category: STANDARD,
    ...extra,
  };
}

function standardFieldConfigs(): FieldConfigPropertyItem[] {
  return [
    standardProperty(FieldConfigProperty.Unit, unitOverrideProcessor),
    standardProperty(FieldConfigProperty.Min, numberOverrideProcessor, { shouldApply: numbersOnly }),
    standardProperty(FieldConfigProperty.Max, numberOverrideProcessor, { shouldApply: numbersOnly }),
    standardProperty(FieldConfigProperty.FieldMinMax, booleanOverrideProcessor, { shouldApply: numbersOnly }),
    standardProperty(FieldConfigProperty.Decimals, numberOverrideProcessor, { shouldApply: numbersOnly }),
    standardProperty(FieldConfigProperty.DisplayName, displayNameOverrideProcessor),
    standardProperty(FieldConfigProperty.Color, identityOverrideProcessor),
    standardProperty(FieldConfigProperty.NoValue, stringOverrideProcessor),
    standardProperty(FieldConfigProperty.Links, dataLinksOverrideProcessor, { category: ['Data links'] }),
    standardProperty(FieldConfigProperty.Actions, identityOverrideProcessor, { category: ['Actions'] }),
    standardProperty(FieldConfigProperty.Mappings, valueMappingsOverrideProcessor, {
      defaultValue: [],
      shouldApply: (field) => field.type !== FieldType.time,
      category: ['Value mappings'],
    }),
    standardProperty(FieldConfigProperty.Thresholds, thresholdsOverrideProcessor, {
      defaultValue: {
        mode: ThresholdsMode.Absolute,
        steps: [
          { value: -Infinity, color: 'green' },
          { value: 80, color: 'red' },
        ],
      },
      category: ['Thresholds'],
    }),
    standardProperty(FieldConfigProperty.Filterable, booleanOverrideProcessor),
  ];
}

export function initGrafanaRegistries(): void {
  standardEditorsRegistry.setInit(() =>
    EDITOR_IDS.map((id): StandardEditorsRegistryItem => ({ id, name: id, editor: noEditor }))
  );
  standardFieldConfigEditorRegistry.setInit(standardFieldConfigs);
}
