/**
 * Review periods of the governance trend (weeks while weekly, calendar months once monthly).
 * The rule lives in one dependency-free file shared with the exporter's evidence pack, so a
 * chart in the pack has exactly the panel's points.
 */
export {
  buildPeriods,
  periodLabel,
  phaseAt,
  type Phase,
  type PeriodRequest,
  type PeriodSlot,
  type PhaseSample,
} from '../../../exporter/src/shared/review-periods';
