import { flattenText, inspectPdf } from '@app/testing/pdf-inspect';
import { emptySections, ProvisionItem } from '../plan-sections';
import { renderPlanPdf } from './plan-pdf.renderer';

const CHILD = { givenName: 'Zoë', familyName: 'Łukasz-Şükrü', dateOfBirth: '2016-03-14' };

describe('renderPlanPdf tables', () => {
  it('keeps every word of a provision taller than a page: pdfkit clips such a row, so it is split into continuation rows', async () => {
    const description = `${Array.from({ length: 1100 }, (_, i) => `w${i}`).join(' ')} last-word`; // under the 10,000-character limit
    const sections = emptySections();
    const items: ProvisionItem[] = [
      { id: 'p1', description, frequency: 'weekly', duration: '12 months', deliveredBy: 'NHS speech and language therapy', outcomeIds: [] },
      { id: 'p2', description: 'Reading group', frequency: 'daily', duration: '1 year', deliveredBy: 'Teaching assistant', outcomeIds: [] },
    ];
    sections.F.items = items;
    const rendered = await renderPlanPdf({ localAuthorityName: 'Demo Borough Council', child: CHILD, version: { number: 1, stage: 'final', issuedOn: '2026-05-01' }, sections });
    const text = flattenText((await inspectPdf(rendered.pdf)).text);
    const words = new Set(text.match(/\bw\d+\b/g));
    expect(words.size).toBe(1100);
    expect(text.replace(/ /g, '')).toContain('last-word');
    expect(text).not.toContain('…'); // pdfkit's mark of clipped text
    for (const value of ['weekly', '12 months', 'NHS speech and language therapy', 'Reading group', 'Teaching assistant']) expect(text).toContain(value);
  });

  it('shows the case reference on the cover and in every page footer, the same as in emails and pages', async () => {
    const rendered = await renderPlanPdf({ localAuthorityName: 'Demo Borough Council', caseReference: 'EHC-2026-00042', child: CHILD, version: { number: 1, stage: 'final', issuedOn: '2026-05-01' }, sections: emptySections() });
    const text = flattenText((await inspectPdf(rendered.pdf)).text);
    expect(text).toContain('Case reference: EHC-2026-00042');
    expect(text.split('EHC-2026-00042').length - 1).toBe(1 + rendered.pageCount);
  });
});
