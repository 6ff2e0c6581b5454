import { css } from '@emotion/css';
import { LoadingState, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React, { useCallback, useMemo } from 'react';

import { buildAdoptionModel } from '../data/buildModel';
import { expandLocations, fillDrilldown } from '../data/drilldown';
import { withDefaults, type AdoptionPanelOptions } from '../types';
import { MissingData, Notices } from './Messages';
import { Scorecard } from './Scorecard';
import { testIds } from './testIds';
import { TrendView } from './TrendView';
import { Wallboard } from './Wallboard';

type Props = PanelProps<AdoptionPanelOptions>;

export function AdoptionPanel({ data, options: saved, width, height, timeRange, replaceVariables }: Props) {
  const options = useMemo(() => withDefaults(saved), [saved]);
  const styles = useStyles2(getStyles, width, height);
  const from = timeRange.from.valueOf();
  const to = timeRange.to.valueOf();
  const locations = useMemo(
    () => expandLocations(options.locations, (value) => replaceVariables(value, undefined, 'csv')),
    [options.locations, replaceVariables]
  );
  const model = useMemo(
    () => buildAdoptionModel({ frames: data.series, options: { ...options, locations }, timeRange: { from, to } }),
    [data.series, options, locations, from, to]
  );
  const linkFor = useCallback(
    (location: string, indicator?: string) =>
      options.drilldownUrl ? replaceVariables(fillDrilldown(options.drilldownUrl, { location, indicator })) : undefined,
    [options.drilldownUrl, replaceVariables]
  );

  const trendIndicator = options.trendIndicator || model.indicators[0]?.name || '';
  let body: React.ReactNode;
  if (data.state === LoadingState.Loading && data.series.length === 0) {
    // Grafana draws its own loading bar; say nothing is missing until the query has answered.
    body = <p>Loading adoption data…</p>;
  } else if (model.blocking) {
    body = <MissingData message={model.blocking} />;
  } else if (options.view === 'trend' && !model.indicators.some((meta) => meta.name === trendIndicator)) {
    body = (
      <MissingData
        message={`The Trend view shows indicator "${trendIndicator}", which is not in the data. Indicators returned: ${model.indicators
          .map((meta) => meta.name)
          .join(', ')}.`}
      />
    );
  } else if (options.view === 'trend') {
    body = (
      <TrendView model={model} indicator={trendIndicator} width={width} decimals={options.decimals} linkFor={linkFor} />
    );
  } else if (options.view === 'wallboard') {
    body = <Wallboard model={model} decimals={options.decimals} linkFor={linkFor} />;
  } else {
    body = (
      <Scorecard
        model={model}
        decimals={options.decimals}
        sparklinePeriods={options.sparklinePeriods}
        linkFor={linkFor}
      />
    );
  }
  return (
    <div className={styles.panel} data-testid={testIds.panel}>
      {body}
      <Notices notices={model.notices} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2, width: number, height: number) => ({
  panel: css({
    width,
    height,
    overflow: 'auto',
    fontFamily: theme.typography.fontFamily,
    color: theme.colors.text.primary,
  }),
});
