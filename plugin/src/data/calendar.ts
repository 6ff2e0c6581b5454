/**
 * Calendar weeks (Monday start) and months in an IANA time zone. The code lives in one
 * dependency-free file shared with the exporter's evidence pack, so the pack's review
 * periods are the panel's.
 */
export {
  isValidTimeZone,
  localDate,
  localMidnight,
  nextMonth,
  nextWeek,
  startOfMonth,
  startOfWeek,
} from '../../../exporter/src/shared/review-periods';
