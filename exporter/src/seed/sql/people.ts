import { isAgency, staffId, teamOf } from './fragments.ts';

/** Each statement takes $1 = the location's plan idx. */

export const INSERT_LOCATIONS = `
INSERT INTO ecm.locations (location_id, name, service_type, go_live_date, timezone)
SELECT p.location_id, p.name, p.service_type, p.go_live_date, p.timezone
FROM seed_plan p WHERE p.idx = $1`;

/**
 * Staff: the day pool (teams one and two alternate), the night pool and two
 * managers. Roles follow a fixed pattern so every home has team leaders and
 * seniors; nursing homes have nurses on every shift pattern.
 */
export const INSERT_STAFF = `
INSERT INTO ecm.staff (staff_id, location_id, role, team)
SELECT ${staffId('s')}, p.location_id,
  CASE
    WHEN s >= p.day_pool + p.night_pool THEN 'manager'
    WHEN s >= p.day_pool THEN CASE WHEN (s - p.day_pool) % 5 = 0 THEN CASE WHEN p.service_type = 'nursing' THEN 'nurse' ELSE 'senior_carer' END ELSE 'care_worker' END
    WHEN ${isAgency('s')} THEN 'care_worker'
    WHEN s % 10 = 0 THEN 'team_leader'
    WHEN s % 10 = 3 AND p.service_type = 'nursing' THEN 'nurse'
    WHEN s % 10 IN (1, 2) AND NOT p.homecare THEN 'senior_carer'
    ELSE 'care_worker'
  END,
  CASE WHEN s >= p.day_pool + p.night_pool THEN NULL ELSE ${teamOf('s')} END
FROM seed_plan p, generate_series(0, p.day_pool + p.night_pool + p.managers - 1) AS s
WHERE p.idx = $1`;
