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
        { rank: 1, urn: '123456', senSetting: null, name: 'Oak Primary' },
        { rank: 2, urn: null, senSetting: 'EHE', name: 'Home' },
      ],
      problems: [],
    });
    expect(placementsOf([], 'NEET').placements).toEqual([{ rank: 1, urn: null, senSetting: 'NEET', name: '' }]);
    expect(placementsOf([], null).problems[0].field).toBe('placement');
    expect(placementsOf([{ name: 'Somewhere', type: 'Mainstream primary' }], null).problems).toEqual([{ field: 'urn', reason: 'placement 1 has neither a URN nor a SEN2 setting code' }]);
  });
  it('ranks SEN2 need types from section B in plan order', () => {
    expect(needsOf([{ area: 'asd' }, { area: 'communication' }, { area: 'SLCN' }, { area: 'ASD' }])).toEqual({ needs: [{ senType: 'ASD', rank: 1 }, { senType: 'SLCN', rank: 2 }], problems: [] });
    expect(needsOf([{ area: 'cognition_and_learning' }]).problems).toHaveLength(1);
  });
});
