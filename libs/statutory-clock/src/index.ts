/**
 * The statutory clock: every date the law sets for an EHC plan, its citation and its exceptions. Pure functions
 * over calendar dates; no Nest, no I/O, no process time zone. Nothing else in the product does date arithmetic.
 */
export * from './dates';
export * from './working-days';
export * from './rules';
export * from './rule-book';
export * from './assessment-deadlines';
export * from './timeliness';
export * from './school-age';
export * from './reviews';
export * from './reminders';
export * from './reporting-periods';
export * from './risk';
export * from './appeals';
export * from './mediation';
export * from './review-measures';
export * from './transfers';
export * from './reassessment';
export * from './adulthood';
export * from './decision-notice';
export * from './recommendations';
export * from './draft-advice';
