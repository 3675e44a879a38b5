// Memory of the renderer alone, in a plain Node process (no TypeScript compiler, no browser client loaded):
// renders N documents of about 12 pages from the built output and samples RSS and heap after GC.
// Run by `npm run bench:pdf`; expects `npm run build` to have produced dist/.
/* eslint-disable */
const { renderPlanPdf, emptySections } = require('../dist/libs/plans/src');

const count = Number(process.argv[2] || 1000);
const units = Number(process.argv[3] || 30);
const WORDS = 'the child needs support with reading writing and communication in class and at home so that they can take part fully in school life and make friends with other pupils'.split(' ');
const sentence = (seed, words) => Array.from({ length: words }, (_, i) => WORDS[(seed * 7 + i * 3) % WORDS.length]).join(' ') + '.';
const s = emptySections();
s.A.text = Array.from({ length: units }, (_, i) => sentence(i, 90)).join('\n\n');
s.B.items = Array.from({ length: units }, (_, i) => ({ id: `n${i}`, area: 'communication_and_interaction', description: sentence(i + 1, 30) }));
s.E.items = Array.from({ length: units }, (_, i) => ({ id: `o${i}`, description: sentence(i + 2, 20), timescale: 'by July 2027', needIds: [`n${i}`] }));
s.F.items = Array.from({ length: units }, (_, i) => ({ id: `p${i}`, description: sentence(i + 3, 18), frequency: 'weekly', duration: '12 months', deliveredBy: 'TA', outcomeIds: [`o${i}`] }));
s.I.items = [{ name: 'Demo Primary School', urn: '990001', type: 'Mainstream' }];
const input = { localAuthorityName: 'Demo', child: { givenName: 'Zoë', familyName: 'Łukasz-Şükrü', dateOfBirth: '2016-03-14' }, version: { number: 2, stage: 'final', issuedOn: '2026-05-01' }, sections: s };

(async () => {
  const samples = [];
  let pages = 0;
  for (let i = 1; i <= count; i += 1) {
    pages = (await renderPlanPdf(input)).pageCount;
    if (i % Math.max(1, Math.floor(count / 10)) === 0) {
      global.gc();
      const m = process.memoryUsage();
      samples.push({ docs: i, rssMb: +(m.rss / 2 ** 20).toFixed(1), heapMb: +(m.heapUsed / 2 ** 20).toFixed(1) });
    }
  }
  process.stdout.write(JSON.stringify({ pages, samples }));
})();
