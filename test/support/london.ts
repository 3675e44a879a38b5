/** Midday in London on a calendar date, as an instant for the test clock (never near midnight, never UTC-ambiguous). */
export function londonNoon(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}
