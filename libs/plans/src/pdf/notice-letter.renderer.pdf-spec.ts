import { flattenText, inspectPdf } from '@app/testing/pdf-inspect';
import { AppealableDecision, APPEALABLE_DECISIONS, decisionNotice, decisionNoticeTitle, NoticeContacts } from '@app/statutory-clock';
import { NoticeLetterInput, renderNoticeLetterPdf } from './notice-letter.renderer';
import { PlanPdfSandbox } from './plan-pdf.sandbox';

const CONTACTS: NoticeContacts = {
  mediationAdviser: { name: 'Global Mediation', phone: '0800 064 4488', email: 'send@globalmediation.test' },
  localAuthority: { name: 'SEND Team, Demo Borough Council', address: 'Town Hall, Demo DB1 1AA', email: 'send@demo.test' },
  informationAdviceSupport: { name: 'Demo SENDIASS', phone: '01234 567890' },
  disagreementResolution: { name: 'Demo Disagreement Resolution', email: 'dr@demo.test' },
};

function letter(decision: AppealableDecision, notifiedOn = '2026-06-30'): NoticeLetterInput {
  const notice = decisionNotice(decision, notifiedOn, CONTACTS);
  return {
    localAuthorityName: 'Demo Borough Council',
    child: { givenName: 'Zoë', familyName: 'Łukasz-Şükrü', dateOfBirth: '2016-03-14' },
    title: decisionNoticeTitle(decision),
    notifiedOn,
    parts: notice.parts.map((p) => ({ heading: p.heading, paragraphs: p.paragraphs, regulation: p.regulation })),
  };
}

describe('renderNoticeLetterPdf: the decision notice as a letter, read back', () => {
  it.each(APPEALABLE_DECISIONS)('%s: tagged, fonts embedded, title and language set, every part of the notice in the text', async (decision) => {
    const rendered = await renderNoticeLetterPdf(letter(decision));
    const pdf = await inspectPdf(rendered.pdf);
    expect(pdf.tagged).toBe(true);
    expect(pdf.info.language).toBe('en-GB');
    expect(pdf.info.title).toContain(decisionNoticeTitle(decision));
    expect(pdf.fonts.length).toBeGreaterThan(0);
    for (const font of pdf.fonts) expect(font).toMatchObject({ embedded: true, unicodeMap: true });
    expect(pdf.structure).toEqual(expect.arrayContaining(['Document', 'Sect', 'H1', 'H2', 'P']));
    const text = flattenText(pdf.text);
    for (const expected of [
      'Demo Borough Council',
      'Zoë Łukasz-Şükrü',
      decisionNoticeTitle(decision),
      'Your right to appeal',
      'Tuesday 1 September 2026', // 30 August 2026 + August extension, 31 August a bank holiday
      'within 2 months of the date of this notice: by Sunday 30 August 2026',
      'Global Mediation: telephone 0800 064 4488, email send@globalmediation.test',
      'which issues you want to mediate about',
      'SEND Team, Demo Borough Council: Town Hall, Demo DB1 1AA, email send@demo.test',
      'Disagreement resolution',
      'Demo Disagreement Resolution',
      'Demo SENDIASS: telephone 01234 567890',
    ]) {
      expect(text).toContain(expected);
    }
    if (decision === AppealableDecision.RefuseToAssess) expect(text).not.toContain('recommendations');
    else expect(text).toContain('recommendations about the health care and social care');
    expect(text).not.toContain('…');
    expect(rendered.pageCount).toBe(pdf.pageCount);
  });

  it('the same letter gives the same bytes, and the sandbox child renders it as in-process', async () => {
    const input = letter(AppealableDecision.Cease);
    const once = await renderNoticeLetterPdf(input);
    const again = await renderNoticeLetterPdf(input);
    expect(again.sha256).toBe(once.sha256);
    const sandbox = new PlanPdfSandbox({ timeoutMs: 60_000, maxMemoryMb: 256 });
    try {
      const child = await sandbox.renderNotice(input);
      expect(child.sha256).toBe(once.sha256);
    } finally {
      sandbox.close();
    }
  });
});
