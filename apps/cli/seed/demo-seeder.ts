import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, APP_CONFIG, AppConfig, Clock, Discipline, Role, systemActor } from '@app/core';
import { AdviceDiscipline, AdviceService } from '@app/advice';
import { AssessmentCommand, AssessmentsService, RequestSource } from '@app/assessments';
import { Child, ChildrenService, ContactRelationship, Sex } from '@app/children';
import { FamilyAccessService, FamilyRelationship } from '@app/families';
import { PlansService, SectionCode } from '@app/plans';
import { ReviewsService } from '@app/reviews';
import { addDays, ExceptionGround, IsoDate, PhaseTransferKind, schoolYearStarting } from '@app/statutory-clock';
import { hashPassword, LocalAuthority, OrganisationKind, OrganisationsService, UsersService } from '@app/identity';
import { DataSource } from 'typeorm';

export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.test', role: Role.LaAdmin, displayName: 'Demo LA Administrator' },
  { email: 'caseworker@demo.test', role: Role.Caseworker, displayName: 'Casey Worker' },
  { email: 'manager@demo.test', role: Role.Manager, displayName: 'Morgan Manager' },
  { email: 'health@demo.test', role: Role.Professional, discipline: Discipline.Health, organisation: 'health', displayName: 'Dr Harper Health' },
  { email: 'social-care@demo.test', role: Role.Professional, discipline: Discipline.SocialCare, organisation: 'socialCare', displayName: 'Sol Social Worker' },
  { email: 'ep@demo.test', role: Role.Professional, discipline: Discipline.Psychology, organisation: 'ep', displayName: 'Eden Psychologist' },
  { email: 'school@demo.test', role: Role.Professional, discipline: Discipline.Education, organisation: 'school', displayName: 'Sam SENCO' },
] as const;

/** The demo's family accounts (no password: an emailed code). */
export const DEMO_FAMILY = { parent: 'parent@demo.test', youngPerson: 'young-person@demo.test' } as const;

export interface SeedResult {
  seeded: boolean;
  reason?: string;
}

/** Loads the demo data of api-contract.md through the real services. Only ever into an empty database. */
@Injectable()
export class DemoSeeder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
    private readonly children: ChildrenService,
    private readonly assessments: AssessmentsService,
    private readonly advice: AdviceService,
    private readonly plans: PlansService,
    private readonly reviews: ReviewsService,
    private readonly families: FamilyAccessService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async seedIfEmpty(): Promise<SeedResult> {
    if (this.config.nodeEnv === 'production') return { seeded: false, reason: 'refused: NODE_ENV=production' };
    const existing = await this.dataSource.getRepository(LocalAuthority).count();
    if (existing > 0) return { seeded: false, reason: 'the database already holds data' };

    // The demo LAs do not require a second factor, so the README's demo sign-ins answer tokens at once (a new LA
    // requires one of its administrators and managers: docs/security.md).
    const demo = await this.dataSource.getRepository(LocalAuthority).save({ name: 'Demo Borough Council', code: '990', mfaRequiredFor: 'none' });
    const other = await this.dataSource.getRepository(LocalAuthority).save({ name: 'Other County Council', code: '991', mfaRequiredFor: 'none' });
    const demoActor = systemActor(demo.id, 'seed-demo');
    const otherActor = systemActor(other.id, 'seed-demo');

    const organisations = {
      health: await this.organisations.create(demoActor, { name: 'Demo Community Health NHS Trust', kind: OrganisationKind.NhsBody, sharedInboxEmail: 'send.advice@health.demo.test' }),
      socialCare: await this.organisations.create(demoActor, { name: 'Demo Borough Children’s Social Care', kind: OrganisationKind.SocialCareTeam }),
      ep: await this.organisations.create(demoActor, { name: 'Demo Educational Psychology Service', kind: OrganisationKind.EducationalPsychologyService }),
      school: await this.organisations.create(demoActor, { name: 'Demo Primary School', kind: OrganisationKind.School, urn: '990001' }),
    };
    // The NHS trust serves both councils, as many do: Other County keeps its own record of it (its own inbox).
    const otherCountyTrust = await this.organisations.create(otherActor, { name: 'Demo Community Health NHS Trust', kind: OrganisationKind.NhsBody });

    const password = this.config.demoPassword.length >= 12 ? this.config.demoPassword : this.config.demoPassword.padEnd(12, '!');
    const created = new Map<string, string>();
    for (const account of DEMO_ACCOUNTS) {
      const organisationId = 'organisation' in account ? organisations[account.organisation].id : undefined;
      const discipline = 'discipline' in account ? account.discipline : undefined;
      const user = await this.users.create(demoActor, { email: account.email, displayName: account.displayName, role: account.role, discipline, organisationId, password });
      created.set(account.email, user.id);
    }
    const otherCaseworker = await this.users.create(otherActor, { email: 'caseworker@other.test', displayName: 'Olly Other', role: Role.Caseworker, password });
    await this.users.create(otherActor, { email: 'admin@other.test', displayName: 'Other LA Administrator', role: Role.LaAdmin, password });
    // ... and admits the trust's clinician, so that Dr Harper's inbox shows both councils' requests to the trust.
    await this.organisations.admit(otherActor, otherCountyTrust.id, 'health@demo.test');

    // The demo password may be shorter than the 12 characters new accounts need: set it directly so logins match the docs.
    if (password !== this.config.demoPassword) {
      const hash = await hashPassword(this.config.demoPassword, this.config);
      await this.dataSource.query('UPDATE users SET password_hash = $1', [hash]);
    }

    const children = await this.seedChildren(demoActor, otherActor);
    const caseworker: Actor = { ...demoActor, userId: created.get('caseworker@demo.test')!, role: Role.Caseworker };
    await this.seedAssessments(caseworker, { ...otherActor, userId: otherCaseworker.id, role: Role.Caseworker }, children);
    // Families (issue 26): Siân's parent, whose draft plan is out for comment, and Şükrü, past compulsory school age,
    // who now takes the decisions himself. Each signs in with the code the local mailbox shows (`npm run mailbox`).
    await this.families.invite(caseworker, children.sian.id, { email: DEMO_FAMILY.parent, name: 'Rhian Griffiths', relationship: FamilyRelationship.Parent });
    await this.families.invite(caseworker, children.sukru.id, { email: DEMO_FAMILY.youngPerson, name: 'Şükrü Yılmaz', relationship: FamilyRelationship.YoungPerson });
    return { seeded: true };
  }

  private async seedChildren(demo: Actor, other: Actor): Promise<Record<'zoe' | 'lukasz' | 'sian' | 'sukru' | 'oliver' | 'amelia', Child>> {
    const zoe = await this.children.create(demo, {
      givenName: 'Zoë', familyName: 'Ashworth', dateOfBirth: '2017-04-12', sex: Sex.Female, upn: 'D201000012340', nhsNumber: '9434765919', postcode: 'SW1A 1AA', settingUrn: '990001', settingName: 'Demo Primary School',
      contacts: [{ name: 'Anna Ashworth', relationship: ContactRelationship.Mother, isMainContact: true, email: 'anna.ashworth@example.test' }],
    });
    const lukasz = await this.children.create(demo, { givenName: 'Łukasz', familyName: 'Nowak', dateOfBirth: '2014-09-30', sex: Sex.Male, nhsNumber: '4010232137', contacts: [{ name: 'Piotr Nowak', relationship: ContactRelationship.Father }] });
    const sian = await this.children.create(demo, { givenName: 'Siân', familyName: 'Griffiths', dateOfBirth: '2021-11-02', sex: Sex.Female });
    const sukru = await this.children.create(demo, { givenName: 'Şükrü', familyName: 'Yılmaz', dateOfBirth: '2008-07-19', sex: Sex.Male, uln: '1234567890' });
    const oliver = await this.children.create(demo, { givenName: 'Oliver', familyName: 'Bennett', dateOfBirth: '2012-01-23', sex: Sex.Male });
    const amelia = await this.children.create(other, { givenName: 'Amelia', familyName: 'Other-County', dateOfBirth: '2015-06-01', sex: Sex.Female });
    return { zoe, lukasz, sian, sukru, oliver, amelia };
  }

  /**
   * Assessments at every stage, dated relative to today so that the demo always shows something open, overdue,
   * met and late: each goes through the real workflow commands, so its deadlines and audit trail are genuine.
   */
  private async seedAssessments(caseworker: Actor, otherCaseworker: Actor, c: Record<'zoe' | 'lukasz' | 'sian' | 'sukru' | 'oliver' | 'amelia', Child>): Promise<void> {
    const today = this.clock.today();
    const ago = (days: number): IsoDate => addDays(today, -days);
    const run = async (id: string, commands: AssessmentCommand[]) => {
      for (const command of commands) await this.assessments.execute(caseworker, id, command);
    };
    const start = async (actor: Actor, child: Child, daysAgo: number, requestSource = RequestSource.Parent) =>
      (await this.assessments.create(actor, { childId: child.id, requestReceivedOn: ago(daysAgo), requestSource })).id;
    /** Writes the plan the decision to issue created, so the quality checks let it be issued. */
    const writePlan = async (assessmentId: string, child: Child, placement: string | null) => {
      const planId = (await this.assessments.view(caseworker, assessmentId, { auditRead: false })).assessment.planId!;
      const sections = demoPlan(child.givenName, placement);
      for (const [code, section] of Object.entries(sections)) {
        const plan = await this.plans.get(caseworker, planId);
        await this.plans.putSection(caseworker, planId, code as SectionCode, section, plan.version);
      }
    };

    /** Seeks each Regs 6(1)(a)-(e) kind of advice not yet asked for, received on `receivedOn` (or left outstanding). */
    const seekAdvice = async (assessmentId: string, requestedOn: IsoDate, receivedOn: IsoDate | null, skip: AdviceDiscipline[] = []) => {
      const advisers: [AdviceDiscipline, string | undefined][] = [
        [AdviceDiscipline.Parent, undefined],
        [AdviceDiscipline.Education, 'school@demo.test'],
        [AdviceDiscipline.Health, 'health@demo.test'],
        [AdviceDiscipline.Psychology, 'ep@demo.test'],
        [AdviceDiscipline.SocialCare, 'social-care@demo.test'],
      ];
      for (const [discipline, assigneeEmail] of advisers) {
        if (skip.includes(discipline)) continue;
        const request = await this.advice.request(caseworker, assessmentId, { discipline, requestedOn, assigneeEmail });
        if (receivedOn) await this.advice.markReceived(caseworker, request.id, receivedOn);
      }
    };

    // Zoë: an earlier request refused; a new one awaiting the decision to assess.
    const refused = await start(caseworker, c.zoe, 400);
    await run(refused, [{ type: 'decide_to_assess', decision: 'refuse', decidedOn: ago(370) }]);
    await start(caseworker, c.zoe, 20, RequestSource.School);

    // Łukasz: being assessed; health advice overdue, the school's open, psychology and social care received.
    const lukasz = await start(caseworker, c.lukasz, 60);
    await run(lukasz, [{ type: 'decide_to_assess', decision: 'assess', decidedOn: ago(45) }]);
    await this.advice.request(caseworker, lukasz, { discipline: AdviceDiscipline.Health, requestedOn: ago(44), assigneeEmail: 'health@demo.test', question: 'Health needs relating to SEN, and provision' });
    const ep = await this.advice.request(caseworker, lukasz, { discipline: AdviceDiscipline.Psychology, requestedOn: ago(44), assigneeEmail: 'ep@demo.test' });
    const social = await this.advice.request(caseworker, lukasz, { discipline: AdviceDiscipline.SocialCare, requestedOn: ago(44), assigneeEmail: 'social-care@demo.test' });
    await this.advice.request(caseworker, lukasz, { discipline: AdviceDiscipline.Education, requestedOn: ago(30), assigneeEmail: 'school@demo.test' });
    await this.advice.markReceived(caseworker, ep.id, ago(12));
    await this.advice.markReceived(caseworker, social.id, ago(20));

    // Siân: draft plan issued; the family's 15 days are running.
    const sian = await start(caseworker, c.sian, 115);
    await run(sian, [{ type: 'decide_to_assess', decision: 'assess', decidedOn: ago(80) }]);
    const sianEp = await this.advice.request(caseworker, sian, { discipline: AdviceDiscipline.Psychology, requestedOn: ago(78), assigneeEmail: 'ep@demo.test' });
    await this.advice.markReceived(caseworker, sianEp.id, ago(40));
    await seekAdvice(sian, ago(76), ago(35), [AdviceDiscipline.Psychology, AdviceDiscipline.Health]);
    // The health advice is still owed: the caseworker confirmed drafting without it (Regs 6(1)(c); issue 24, point 13).
    await this.advice.request(caseworker, sian, { discipline: AdviceDiscipline.Health, requestedOn: ago(30), assigneeEmail: 'health@demo.test' });
    await run(sian, [{ type: 'decide_to_issue', decision: 'issue', decidedOn: ago(25) }]);
    await writePlan(sian, c.sian, null);
    await run(sian, [{ type: 'issue_draft', issuedOn: ago(10), confirmOutstandingAdvice: true }]);

    // Şükrü: plan issued within 20 weeks.
    const sukru = await start(caseworker, c.sukru, 230);
    await run(sukru, [
      { type: 'decide_to_assess', decision: 'assess', decidedOn: ago(200) },
    ]);
    await seekAdvice(sukru, ago(195), ago(150));
    await run(sukru, [{ type: 'decide_to_issue', decision: 'issue', decidedOn: ago(130) }]);
    await writePlan(sukru, c.sukru, null);
    await run(sukru, [
      { type: 'issue_draft', issuedOn: ago(120) },
      { type: 'record_representations', receivedOn: ago(112) },
    ]);
    await writePlan(sukru, c.sukru, 'Demo Secondary Academy');
    await run(sukru, [{ type: 'issue_final', issuedOn: ago(100) }]);
    // Şükrü moves from one college to another next September: the Regs 18 review is due 5 months before.
    const sukruPlan = (await this.assessments.view(caseworker, sukru, { auditRead: false })).assessment.planId!;
    await this.reviews.setPhaseTransfer(caseworker, sukruPlan, { kind: PhaseTransferKind.Post16ToPost16, transferOn: `${schoolYearStarting(today) + 1}-09-06` });

    // Oliver: the family was away for seven weeks; the plan came late, with the DfE exceptions flag set.
    const oliver = await start(caseworker, c.oliver, 330);
    await this.assessments.recordException(caseworker, oliver, {
      ground: ExceptionGround.AbsenceFromArea,
      startsOn: ago(300),
      endsOn: ago(251),
      reason: 'The family was abroad caring for a relative; the assessment could not go ahead.',
      familyToldOn: ago(298),
    });
    await run(oliver, [
      { type: 'decide_to_assess', decision: 'assess', decidedOn: ago(280) },
    ]);
    await seekAdvice(oliver, ago(275), ago(230), [AdviceDiscipline.Psychology]);
    // "Tell us once" (Regs 6(4)): last term's EP report reused, agreed by the EP, the LA and the parents.
    await this.advice.reuse(caseworker, oliver, { discipline: AdviceDiscipline.Psychology, reusedAdvice: 'Educational psychology report from the SEN support review last term', adviserAgreedOn: ago(276), localAuthorityAgreedOn: ago(275), familyAgreedOn: ago(274) });
    await run(oliver, [{ type: 'decide_to_issue', decision: 'issue', decidedOn: ago(200) }]);
    await writePlan(oliver, c.oliver, null);
    await run(oliver, [{ type: 'issue_draft', issuedOn: ago(190) }]);
    await writePlan(oliver, c.oliver, 'Demo Primary School');
    await run(oliver, [{ type: 'issue_final', issuedOn: ago(170) }]);
    // Oliver's annual review meeting is arranged for three weeks' time (invitations due a week from now).
    const oliverPlan = (await this.assessments.view(caseworker, oliver, { auditRead: false })).assessment.planId!;
    await this.reviews.schedule(caseworker, oliverPlan, { meetingOn: ago(-21) });

    // Other County: one request awaiting decision, invisible to Demo Borough.
    await start(otherCaseworker, c.amelia, 10);
  }
}

/** A short but complete demo plan: the golden thread from need to outcome to provision, quantified. */
function demoPlan(name: string, placement: string | null): Partial<Record<SectionCode, { text: string; items?: unknown[] }>> {
  return {
    A: { text: `${name} enjoys drawing, football and animals, and would like to work with animals one day. ${name}'s family want ${name} to feel confident and make friends.` },
    B: { text: 'Needs identified by the school and the educational psychologist.', items: [{ id: 'n1', area: 'communication_and_interaction', description: 'Difficulty following spoken instructions of more than two steps.' }, { id: 'n2', area: 'cognition_and_learning', description: 'Reading age about two years below chronological age.' }] },
    E: { text: 'Outcomes agreed with the family.', items: [{ id: 'o1', description: 'Follows three-step instructions in class without adult prompting.', timescale: 'by the end of the school year', needIds: ['n1'] }, { id: 'o2', description: 'Reads age-appropriate texts with understanding.', timescale: 'within two years', needIds: ['n2'] }] },
    F: { text: 'Provision in school.', items: [{ id: 'p1', description: 'Speech and language therapy programme delivered by a trained teaching assistant', frequency: '3 x 20 minutes a week', duration: '12 months', deliveredBy: 'Teaching assistant, overseen by an NHS speech and language therapist', outcomeIds: ['o1'] }, { id: 'p2', description: 'Structured phonics intervention, one to one', frequency: 'daily, 15 minutes', duration: '12 months', deliveredBy: 'Class teacher', outcomeIds: ['o2'] }] },
    ...(placement ? { I: { text: '', items: [{ name: placement, urn: null, type: 'Mainstream school' }] } } : {}),
  };
}
