import { emptySections, Sections } from '@app/plans';

const WORDS = 'the child needs support with reading writing and communication in class and at home so that they can take part fully in school life and make friends with other pupils'.split(' ');

function sentence(seed: number, words: number): string {
  return Array.from({ length: words }, (_, i) => WORDS[(seed * 7 + i * 3) % WORDS.length]).join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
}

/** A plan whose length grows with `units`: each adds a paragraph to A, a need, an outcome and a provision item. */
export function syntheticPlan(units: number): Sections {
  const s = emptySections();
  s.A.text = Array.from({ length: units }, (_, i) => sentence(i, 90)).join('\n\n');
  s.B.items = Array.from({ length: units }, (_, i) => ({ id: `n${i}`, area: 'communication_and_interaction', description: sentence(i + 1, 30) }));
  s.E.items = Array.from({ length: units }, (_, i) => ({ id: `o${i}`, description: sentence(i + 2, 20), timescale: 'by July 2027', needIds: [`n${i}`] }));
  s.F.items = Array.from({ length: units }, (_, i) => ({ id: `p${i}`, description: sentence(i + 3, 18), frequency: '3 x 20 minutes a week', duration: '12 months', deliveredBy: 'Teaching assistant', outcomeIds: [`o${i}`] }));
  s.I.items = [{ name: 'Demo Primary School', urn: '990001', type: 'Mainstream primary school' }];
  s.K.items = [{ description: 'Health advice', date: '2026-03-03' }, { description: 'Educational psychology advice', date: '2026-03-10' }];
  return s;
}

export const CHILD = { givenName: 'Zoë', familyName: 'Łukasz-Şükrü', dateOfBirth: '2016-03-14' };
