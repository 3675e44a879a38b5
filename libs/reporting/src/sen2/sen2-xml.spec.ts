import { parseSen2, sen2Persons, xsdErrors } from '@app/testing/sen2-xml';
import { remapResidentialCode, residentialCode } from './sen2-codes';
import { londonDateTime, personXml, xmlClosing, xmlOpening } from './sen2-xml';
import type { Sen2PersonRecord } from './sen2.service';

describe('SEN2 XML', () => {
  const header = { censusDate: '2027-01-21', laCode: '202', generatedAt: new Date('2027-02-15T12:30:05Z') };
  const person = (extra: Partial<Sen2PersonRecord> = {}): Sen2PersonRecord => ({
    person: { person_id: 'c1', surname: "O'Neil & <Sons>", forename: 'Ada', person_birth_date: '2014-03-01', sex: 'F', ethnicity: 'WBRI', postcode: 'SW1A 1AA', upn: null, uln: '1234567890' },
    issues: [],
    requests: [
      {
        inRequests: true,
        request: { request_id: 'r1', received_date: '2026-01-05', request_source: 'parent', request_outcome: 'assess', request_outcome_date: '2026-02-04', request_mediation: 'N', request_tribunal: 'Y', rya: 'N', exported: 'N' },
        assessment: { assessment_outcome: 'issue_plan', assessment_outcome_date: '2026-05-25', week20: 'Y', assessment_mediation: 'N', assessment_tribunal: 'N', other_mediation: 'Y', other_tribunal: 'N' },
        namedPlan: { start_date: '2026-05-25', personal_budget: 'Y', direct_payment: 'Y', organised_arrangements: 'N', cease_date: null, cease_reason: null },
        planDetails: [{ placement_rank: 1, urn: '123456', ukprn: null, sen_setting: null }],
        activePlan: { review_meeting_date: '2026-11-02', review_decision_date: '2026-11-20', review_outcome: 'A', draft_amended_plan_date: '2026-11-20', phase_transfer_due_date: '2027-02-14', phase_transfer_final_date: '2027-01-10', transfer_la: null },
        placements: [
          { placement_rank: 1, urn: '123456', ukprn: null, sen_setting: null },
          { placement_rank: 2, urn: null, ukprn: null, sen_setting: 'EHE' },
          { placement_rank: 3, urn: null, ukprn: null, sen_setting: 'OTH' },
        ],
        needs: [
          { sen_type: 'DS', sen_type_rank: 1 },
          { sen_type: 'SLCN', sen_type_rank: 2 },
        ],
      },
      {
        inRequests: true,
        request: { request_id: 'r2', received_date: '2026-12-01', request_source: 'other', request_outcome: null, request_outcome_date: null, request_mediation: 'N', request_tribunal: 'N', rya: 'N', exported: 'N' },
        assessment: null,
        namedPlan: null,
        planDetails: [],
        activePlan: null,
        placements: [],
        needs: [],
      },
    ],
    ...extra,
  });
  const file = (people: Sen2PersonRecord[]) => xmlOpening(header) + people.map(personXml).join('') + xmlClosing();

  it('writes modules 0-5 that validate against the schema and read back with an independent parser', async () => {
    const xml = file([person()]);
    expect(await xsdErrors(xml)).toEqual([]);
    const doc = parseSen2(xml);
    expect(doc.Message.Header.CollectionDetails).toEqual({ Collection: 'SEN2', Year: '2027', ReferenceDate: '2027-01-21' });
    expect(doc.Message.Header.Source).toMatchObject({ SourceLevel: 'L', LEA: '202', DateTime: '2027-02-15T12:30:05' });
    const [p] = sen2Persons(doc);
    expect(p).toMatchObject({ Surname: "O'Neil & <Sons>", Forename: 'Ada', Sex: 'F', UniqueLearnerNumber: '1234567890' });
    expect(p.UPN).toBeUndefined();
    const [r1, r2] = p.Requests;
    expect(r1).toMatchObject({ ReceivedDate: '2026-01-05', RequestSource: '1', RYA: '0', RequestOutcome: 'A', RequestOutcomeDate: '2026-02-04', RequestMediation: '0', RequestTribunal: '1', Exported: '0' });
    expect(r1.Assessment).toMatchObject({ AssessmentOutcome: 'Y', Week20: '1', OtherMediation: '1' });
    expect(r1.Assessment?.NamedPlan).toMatchObject({ StartDate: '2026-05-25', PB: '1', DP: '1', OA: '0' });
    expect(r1.Assessment?.NamedPlan?.PlanDetail).toEqual([{ URN: '123456', PlacementRank: '1' }]);
    expect(r1.ActivePlans).toMatchObject({ ReviewMeeting: '2026-11-02', ReviewOutcome: 'A', LastReview: '2026-11-20', ReviewDraft: '2026-11-20', PhaseTransferDueDate: '2027-02-14', PhaseTransferFinalDate: '2027-01-10' });
    expect(r1.ActivePlans?.PlacementDetail).toEqual([
      { URN: '123456', PlacementRank: '1' },
      { SENSetting: 'EHE', PlacementRank: '2' },
      { SENSetting: 'OTH', PlacementRank: '2' },
    ]);
    expect(r1.ActivePlans?.SENneed).toEqual([
      { SENtype: 'DS', SENtypeRank: '1' },
      { SENtype: 'SLCN', SENtypeRank: '2' },
    ]);
    expect(r2).toMatchObject({ RequestSource: '5', RequestOutcome: 'H' });
    expect(r2.RequestOutcomeDate).toBeUndefined();
    expect(r2.Assessment).toBeUndefined();
  });

  it('an empty return is valid too', async () => {
    expect(await xsdErrors(file([]))).toEqual([]);
    expect(sen2Persons(parseSen2(file([])))).toEqual([]);
  });

  it('the schema refuses what the DfE would: a code off its list, a flag not 1/0, items out of order', async () => {
    const xml = file([person()]);
    expect((await xsdErrors(xml.replace('<SENtype>DS</SENtype>', '<SENtype>XX</SENtype>'))).join('\n')).toMatch(/SENtype/);
    expect((await xsdErrors(xml.replace('<RequestTribunal>1</RequestTribunal>', '<RequestTribunal>Y</RequestTribunal>'))).join('\n')).toMatch(/RequestTribunal/);
    expect((await xsdErrors(xml.replace('<RYA>0</RYA>', ''))).join('\n')).toMatch(/RYA/);
    expect((await xsdErrors(xml.replace('<RequestSource>1</RequestSource>', '')))).not.toEqual([]);
  });

  it('writes London wall-clock time in the header', () => {
    expect(londonDateTime(new Date('2027-07-01T11:00:00Z'))).toBe('2027-07-01T12:00:00');
    expect(londonDateTime(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01-01T00:00:00');
  });

  it('codes residential placements by CBDS RFC 1299 (A up to 38 weeks, B 39 to 52) and re-maps the old codes', () => {
    expect([residentialCode(38), residentialCode(39), residentialCode(52), residentialCode(0)]).toEqual(['A', 'B', 'B', null]);
    expect(remapResidentialCode('B', null)).toBe('B'); // old B (52 weeks) is new B
    expect(remapResidentialCode('A', 38)).toBe('A');
    expect(remapResidentialCode('A', 45)).toBe('B'); // old A (38-51) from 39 weeks is new B
    expect(remapResidentialCode('A', null)).toBeNull(); // cannot tell without the weeks
  });
});
