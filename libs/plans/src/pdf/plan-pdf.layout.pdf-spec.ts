import { flattenText, inspectPdf } from '@app/testing/pdf-inspect';
import { emptySections, NeedItem, OutcomeItem, SECTION_CODES, SECTION_TITLES } from '../plan-sections';
import { PlanDocumentInput, renderPlanPdf } from './plan-pdf.renderer';

const CHILD = { givenName: 'Zoë', familyName: 'Łukasz-Şükrü', dateOfBirth: '2016-03-14' };
const LONG_NEED = 'Needs a consistent adult to help him manage transitions between lessons and unstructured times at break-finishingword';

function plan(stage: 'draft' | 'final'): PlanDocumentInput {
  const sections = emptySections();
  sections.A.text = 'Zoë likes drawing and wants to be a vet.';
  const needs: NeedItem[] = [{ id: 'n1', area: 'social_emotional_and_mental_health', description: LONG_NEED }];
  sections.B.items = needs;
  sections.C.items = [{ id: 'c1', area: 'sensory_and_physical', description: 'Hearing loss in the left ear' }] as NeedItem[];
  const outcomes: OutcomeItem[] = [{ id: 'o1', description: 'Moves between lessons calmly', timescale: 'by July 2027', needIds: ['n1', 'c1'] }];
  sections.E.items = outcomes;
  sections.F.items = [{ id: 'p1', description: 'Key adult at transitions', frequency: 'daily', duration: '12 months', deliveredBy: 'Teaching assistant', outcomeIds: ['o1'] }];
  if (stage === 'final') sections.I.items = [{ name: 'Demo Primary School', urn: '990001', type: 'Mainstream primary school' }];
  return {
    localAuthorityName: 'Demo Borough Council',
    localAuthorityContact: 'SEND Team: Town Hall, Demo DB1 1AA, telephone 01234 567890',
    mediationAdviserContact: 'Global Mediation: telephone 0800 064 4488',
    informationAdviceSupportContact: 'Demo SENDIASS: telephone 01234 000000',
    nextReviewDueOn: stage === 'final' ? '2027-04-30' : null,
    child: CHILD,
    version: { number: stage === 'final' ? 2 : 1, stage, issuedOn: '2026-05-01' },
    sections,
  };
}

describe('plan PDF layout (issue 23)', () => {
  it('names the needs an outcome meets by reference (B1, C1), whole: no description is cut mid-word', async () => {
    const read = await inspectPdf((await renderPlanPdf(plan('final'))).pdf);
    const text = flattenText(read.text);
    expect(text).toContain('B1, C1');
    expect(text.replace(/ /g, '')).toContain(LONG_NEED.replace(/ /g, ''));
    // The old column printed the first 40 characters of the need: "B: Needs a consistent adult to help him ma".
    expect(text).not.toContain('B: Needs a consistent');
    expect(text).not.toContain('…');
  });

  it('puts the cover and the contents on the first page, sections after, and the contents’ page numbers are right', async () => {
    const read = await inspectPdf((await renderPlanPdf(plan('final'))).pdf);
    expect(read.pageCount).toBeLessThanOrEqual(3); // 4 before: a cover page, a contents page, then the sections
    const first = flattenText(read.pages[0]);
    expect(first).toContain('Education, Health and Care Plan');
    expect(first).toContain('Contents');
    expect(first).toContain('Your rights and who to contact');
    expect(first).not.toContain('Zoë likes drawing');
    const pages = read.pages.map(flattenText);
    for (const code of SECTION_CODES) {
      const entry = new RegExp(`Section ${code}: ${SECTION_TITLES[code].replace(/[()]/g, '.').replace(/ /g, '\\s*')}\\s*page (\\d+)`).exec(first);
      expect({ code, listed: !!entry }).toEqual({ code, listed: true });
      const onPage = Number(entry![1]);
      expect({ code, found: pages[onPage - 1].includes(`Section ${code}:`) }).toEqual({ code, found: true });
    }
  });

  it('a final plan shows the LA’s contact, the next review date and the family’s rights with their dates', async () => {
    const text = flattenText((await inspectPdf((await renderPlanPdf(plan('final'))).pdf)).text);
    expect(text).toContain('Contact: SEND Team: Town Hall, Demo DB1 1AA, telephone 01234 567890');
    expect(text).toContain('Next review: by 30 April 2027 at the latest');
    expect(text).toContain('Your rights and who to contact');
    expect(text).toContain('the special educational needs in section B, the special educational provision in section F and the school or other institution in section I');
    expect(text).toContain('until Wednesday 1 July 2026'); // 1 May 2026 + 2 months
    expect(text).toContain('by Wednesday 1 July 2026, and tell the council if you want mediation');
    expect(text).toContain('Global Mediation: telephone 0800 064 4488');
    expect(text).toContain('Demo SENDIASS: telephone 01234 000000');
  });

  it('a draft shows the 15 days and no review date', async () => {
    const text = flattenText((await inspectPdf((await renderPlanPdf(plan('draft'))).pdf)).text);
    expect(text).toContain('at least 15 days from the day it was sent to you');
    expect(text).not.toContain('Next review');
    expect(text).not.toContain('First-tier Tribunal');
    expect(text).toContain('Contact: SEND Team');
  });

  it('without the LA’s settings the plan still renders and says where to find the council', async () => {
    const input = { ...plan('final'), localAuthorityContact: null, mediationAdviserContact: null, informationAdviceSupportContact: null };
    const text = flattenText((await inspectPdf((await renderPlanPdf(input)).pdf)).text);
    expect(text).not.toContain('Contact: ');
    expect(text).toContain('Contact the council at the address on the letter that came with this plan.');
  });
});
