import { deadlineTag } from './labels';
import { navigationFor } from './navigation';

describe('deadline tags and navigation', () => {
  it('tags an overdue deadline Overdue, an open one due within 10 days Due soon, later ones Open', () => {
    expect(deadlineTag({ status: 'overdue', dueOn: '2026-03-01' }, '2026-03-02').text).toBe('Overdue');
    expect(deadlineTag({ status: 'open', dueOn: '2026-03-12' }, '2026-03-02').text).toBe('Due soon');
    expect(deadlineTag({ status: 'open', dueOn: '2026-03-13' }, '2026-03-02').text).toBe('Open');
    expect(deadlineTag({ status: 'met', dueOn: '2026-03-01' }, '2026-03-02').text).toBe('Met');
    expect(deadlineTag({ status: 'not_applicable', dueOn: '2026-03-01' }, '2026-03-02').text).toBe('Not needed');
  });

  it('marks the current section of the service navigation', () => {
    const onCase = navigationFor('caseworker', '/cases/abc');
    expect(onCase[0]).toMatchObject({ href: '/cases', current: false, active: true });
    expect(navigationFor('caseworker', '/cases')[0]).toMatchObject({ current: true });
    expect(navigationFor(undefined, '/sign-in')).toEqual([]);
  });
});
