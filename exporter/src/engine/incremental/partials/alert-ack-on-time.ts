/** alert_ack_on_time: of the alerts judged (known severity, target passed), those acknowledged within the target. */
import { alertsPass, ALERT_FIELDS } from '../passes/alerts.ts';
import { countPartial } from './partial.ts';

export const alertAckOnTimePartial = countPartial({
  indicator: 'alert_ack_on_time',
  pass: alertsPass.name,
  store: 'alerts',
  storeSpec: alertsPass.stores.alerts ?? { kind: 'members' },
  numerator: ALERT_FIELDS.onTime,
  denominator: ALERT_FIELDS.judged,
});
