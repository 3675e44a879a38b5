import * as fc from 'fast-check';
import { AppealableDecision, APPEALABLE_DECISIONS, appealDeadline } from './appeals';
import { decisionNotice, formatNoticeContact, NoticeContacts, TRIBUNAL_RECOMMENDATIONS_REGULATION } from './decision-notice';

const contacts: NoticeContacts = {
  mediationAdviser: { name: 'Global Mediation', phone: '0800 064 4488', email: 'send@globalmediation.test' },
  localAuthority: { name: 'SEND Team, Anytown Council', address: 'Town Hall, Anytown AT1 1AA', email: 'send@anytown.test' },
  informationAdviceSupport: { name: 'Anytown SENDIASS', phone: '01234 567890', website: 'https://sendiass.anytown.test' },
  disagreementResolution: { name: 'Anytown Disagreement Resolution', email: 'dr@anytown.test' },
};

const part = (decision: AppealableDecision, key: string, on = '2026-03-02') => decisionNotice(decision, on, contacts).parts.find((p) => p.key === key);

describe('decisionNotice: the complete notice (Regs 5(3), 10(3), 31(3), 32)', () => {
  it.each(APPEALABLE_DECISIONS)('%s carries the appeal right and deadline, the adviser and LA contacts, the 2-month rule, the wish to mediate, DR and SENDIASS', (decision) => {
    const n = decisionNotice(decision, '2026-03-02', contacts);
    expect(n.missing).toEqual([]);
    expect(n.appealDeadline).toBe('2026-05-05'); // 2 May 2026 is a Saturday, 4 May the Early May bank holiday
    expect(n.mediationAdviserContactBy).toBe('2026-05-02');
    expect(part(decision, 'appeal')!.paragraphs.join(' ')).toContain('Tuesday 5 May 2026');
    const adviser = part(decision, 'mediation_adviser')!;
    expect(adviser.paragraphs.join(' ')).toContain('within 2 months of the date of this notice: by Saturday 2 May 2026');
    expect(adviser.paragraphs).toContain('Global Mediation: telephone 0800 064 4488, email send@globalmediation.test');
    expect(adviser.regulation).toContain('32(c), 32(d), 33');
    const wish = part(decision, 'wish_to_mediate')!;
    expect(wish.paragraphs.join(' ')).toMatch(/tell the council that you wish to take part in mediation, which issues .* health care provision or social care provision/);
    expect(wish.paragraphs).toContain('SEND Team, Anytown Council: Town Hall, Anytown AT1 1AA, email send@anytown.test');
    expect(wish.regulation).toContain('32(e), 32(f)');
    expect(part(decision, 'disagreement_resolution')!.paragraphs).toContain('Anytown Disagreement Resolution: email dr@anytown.test');
    expect(part(decision, 'information_advice_support')!.paragraphs).toContain('Anytown SENDIASS: telephone 01234 567890, https://sendiass.anytown.test');
    expect(n.text).toContain('Global Mediation');
    expect(n.text).toContain('SEND Team, Anytown Council');
    expect(n.text).toContain('SENDIASS');
  });

  it.each(APPEALABLE_DECISIONS.filter((d) => d !== AppealableDecision.RefuseToAssess))('%s states the Tribunal can recommend health and social care provision', (decision) => {
    const n = decisionNotice(decision, '2026-03-02', contacts);
    expect(n.tribunalRecommendations).toBe(true);
    expect(part(decision, 'health_social_care')).toMatchObject({ regulation: TRIBUNAL_RECOMMENDATIONS_REGULATION });
    expect(n.text).toContain('recommendations about the health care and social care');
  });

  it('a refusal to assess does not mention the Tribunal’s health and social care recommendations (Regs 5(3))', () => {
    const n = decisionNotice(AppealableDecision.RefuseToAssess, '2026-03-02', contacts);
    expect(n.tribunalRecommendations).toBe(false);
    expect(n.parts.map((p) => p.key)).not.toContain('health_social_care');
    expect(n.text).not.toContain('recommendations');
  });

  it.each([
    [AppealableDecision.RefuseToAssess, 'regs 5(3) and 32', 'not to carry out an EHC needs assessment'],
    [AppealableDecision.NotToIssue, 'regs 10(3) and 32', 'not to issue an EHC plan'],
    [AppealableDecision.PlanContents, 'regs 14 and 32', 'sections B, F and I'],
    [AppealableDecision.RefuseToReassess, 'regs 25 and 32', 'not to carry out a re-assessment'],
    [AppealableDecision.NotToAmend, '22(4), and 32', 'not to amend the plan'],
    [AppealableDecision.Cease, 'regs 31(3) and 32', 'cease to maintain'],
  ])('%s names its own decision and regulation', (decision, regulation, what) => {
    const n = decisionNotice(decision, '2026-03-02', contacts);
    expect(n.regulation).toContain(regulation);
    expect(n.parts[0].paragraphs[0]).toContain(what);
    expect(n.parts[0].paragraphs[0]).toContain('2 March 2026');
  });

  it('an LA without settings gets a notice that says what is not recorded and lists what is missing', () => {
    const n = decisionNotice(AppealableDecision.Cease, '2026-03-02');
    expect(n.missing).toEqual(['mediationAdviser', 'localAuthority', 'informationAdviceSupport', 'disagreementResolution']);
    expect(n.text).toContain('mediation adviser’s contact details have not been recorded');
    const partial = decisionNotice(AppealableDecision.Cease, '2026-03-02', { mediationAdviser: contacts.mediationAdviser });
    expect(partial.missing).toEqual(['localAuthority', 'informationAdviceSupport', 'disagreementResolution']);
  });

  it('the 2-month contact date clamps to the month end and the appeal deadline takes the August extension (r12(3)(a))', () => {
    const n = decisionNotice(AppealableDecision.Cease, '2026-06-30', contacts);
    expect(n.mediationAdviserContactBy).toBe('2026-08-30');
    expect(n.appealDeadline).toBe('2026-09-01'); // 31 August 2026 is a bank holiday; the first working day after it
    const dec = decisionNotice(AppealableDecision.NotToIssue, '2026-10-31', contacts);
    expect(dec.mediationAdviserContactBy).toBe('2026-12-31');
    expect(dec.appealDeadline).toBe('2027-01-04'); // 26 December 2026 a Saturday; 2 and 3 January 2027 a weekend
  });

  it('a contact prints only what is recorded', () => {
    expect(formatNoticeContact({ name: 'Only a name' })).toBe('Only a name');
    expect(formatNoticeContact({ name: 'A', email: '', phone: '1' })).toBe('A: telephone 1');
  });

  it('property: every decision gives the same deadline as appealDeadline and a complete notice with all settings', () => {
    const anyDate = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(anyDate, fc.constantFrom(...APPEALABLE_DECISIONS), (on, decision) => {
        const n = decisionNotice(decision, on, contacts);
        expect(n.appealDeadline).toBe(appealDeadline(on).dueOn);
        expect(n.missing).toEqual([]);
        expect(n.parts.length).toBe(decision === AppealableDecision.RefuseToAssess ? 6 : 7);
      }),
    );
  });
});
