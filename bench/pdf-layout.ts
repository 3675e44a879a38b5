/**
 * npm run bench:pdf-layout: pages and render time of the same plans (1, 10 and 40 units of bench/plan-fixture.ts, a
 * final plan and a draft), to compare the plan PDF's layout before and after a change. Runs from the sources.
 */
import { renderPlanPdf } from '@app/plans';
import { CHILD, syntheticPlan } from './plan-fixture';

async function main(): Promise<void> {
  console.log('| plan | stage | pages | p50 ms | runs |');
  console.log('|---|---|---|---|---|');
  for (const units of [1, 10, 40]) {
    for (const stage of ['final', 'draft'] as const) {
      const sections = syntheticPlan(units);
      if (stage === 'draft') sections.I.items = [];
      const input = {
        localAuthorityName: 'Demo Borough Council',
        localAuthorityContact: 'SEND Team: Town Hall, Demo DB1 1AA, telephone 01234 567890, email send@demo.test',
        child: CHILD,
        version: { number: 2, stage, issuedOn: '2026-05-01' },
        nextReviewDueOn: stage === 'final' ? '2027-04-30' : null,
        sections,
      };
      for (let i = 0; i < 2; i += 1) await renderPlanPdf(input);
      const times: number[] = [];
      let pages = 0;
      for (let i = 0; i < 7; i += 1) {
        const t0 = performance.now();
        pages = (await renderPlanPdf(input)).pageCount;
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      console.log(`| ${units} units | ${stage} | ${pages} | ${times[3].toFixed(0)} | ${times.length} |`);
    }
  }
}

void main();
