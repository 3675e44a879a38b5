import { needsOf, personProblems, placementsOf } from './sen2-rules';

describe('SEN2 validation', () => {
  const good = { surname: 'Smith', forename: 'Ada', birthDate: '2015-01-01', sex: 'F', ethnicity: 'WBRI', postcode: 'SW1A 1AA', upn: null, uln: '1234567890' };
  it('accepts a complete person', () => {
    expect(personProblems(good, '2027-01-21')).toEqual([]);
  });
  it('lists every reason a person fails', () => {
    expect(personProblems({ ...good, sex: 'U', ethnicity: null, postcode: null, uln: null, birthDate: '2027-02-01' }, '2027-01-21').map((p) => p.field)).toEqual(['person_birth_date', 'sex', 'ethnicity', 'postcode', 'upn']);
    expect(personProblems({ ...good, upn: 'B123456789012' }, '2027-01-21')).toEqual([{ field: 'upn', reason: 'UPN fails its check letter' }]);
    expect(personProblems({ ...good, uln: '0123456789' }, '2027-01-21')).toEqual([{ field: 'uln', reason: 'ULN is not 10 digits starting 1-9' }]);
  });
  it('ranks placements from section I, with URNs or setting codes', () => {
    expect(placementsOf([{ name: 'Oak Primary', urn: '123456', type: 'Mainstream' }, { name: 'Home', urn: null, type: 'ehe' }], null)).toEqual({
      placements: [
        { rank: 1, urn: '123456', senSetting: null, name: 'Oak Primary', residential: null, workBased: false },
        { rank: 2, urn: null, senSetting: 'EHE', name: 'Home', residential: null, workBased: false },
      ],
      problems: [],
    });
    expect(placementsOf([], 'NEET').placements).toEqual([{ rank: 1, urn: null, senSetting: 'NEET', name: '', residential: null, workBased: false }]);
    expect(placementsOf([], null).problems[0].field).toBe('placement');
    expect(placementsOf([{ name: 'Somewhere', type: 'Mainstream primary' }], null).problems).toEqual([{ field: 'urn', reason: 'placement 1 has neither a URN nor a SEN2 setting code' }]);
  });
  it('codes residential placements by RFC 1299 from the weeks, re-maps old codes and asks for the weeks an old A needs', () => {
    const coded = placementsOf(
      [
        { name: 'Weekly boarding', urn: '123456', type: 'Special', residentialWeeksPerYear: 38 },
        { name: 'Termly plus holidays', urn: '123457', type: 'Special', residentialWeeksPerYear: 45, legacyResidentialCode: 'A' },
        { name: 'All year', urn: '123458', type: 'Special', legacyResidentialCode: 'B' },
        { name: 'Unknown weeks', urn: '123459', type: 'Special', legacyResidentialCode: 'A' },
      ],
      null,
    );
    expect(coded.placements.map((p) => p.residential)).toEqual(['A', 'B', 'B', null]);
    expect(coded.problems).toEqual([{ field: 'residential', reason: 'placement 4 has the old residential code A, which RFC 1299 re-maps only with the weeks a year' }]);
  });
  it('flags a work-based placement (PlanWBP, WBP) only where section I records one', () => {
    const placed = placementsOf([{ name: 'Supported internship at the hospital', urn: '130001', type: 'FE college', workBased: true }, { name: 'College', urn: '130002', type: 'FE college' }], null);
    expect(placed.placements.map((p) => p.workBased)).toEqual([true, false]);
  });
  it('ranks SEN2 need types from section B in plan order', () => {
    expect(needsOf([{ area: 'asd' }, { area: 'communication' }, { area: 'SLCN' }, { area: 'ASD' }])).toEqual({ needs: [{ senType: 'ASD', rank: 1 }, { senType: 'SLCN', rank: 2 }], problems: [] });
    expect(needsOf([{ area: 'cognition_and_learning' }]).problems).toHaveLength(1);
  });
});
