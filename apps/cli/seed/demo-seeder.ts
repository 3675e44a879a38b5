import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, APP_CONFIG, AppConfig, Discipline, Role, systemActor } from '@app/core';
import { ChildrenService, ContactRelationship, Sex } from '@app/children';
import { LocalAuthority, OrganisationKind, OrganisationsService, UsersService } from '@app/identity';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async seedIfEmpty(): Promise<SeedResult> {
    if (this.config.nodeEnv === 'production') return { seeded: false, reason: 'refused: NODE_ENV=production' };
    const existing = await this.dataSource.getRepository(LocalAuthority).count();
    if (existing > 0) return { seeded: false, reason: 'the database already holds data' };

    const demo = await this.dataSource.getRepository(LocalAuthority).save({ name: 'Demo Borough Council', code: '990' });
    const other = await this.dataSource.getRepository(LocalAuthority).save({ name: 'Other County Council', code: '991' });
    const demoActor = systemActor(demo.id, 'seed-demo');
    const otherActor = systemActor(other.id, 'seed-demo');

    const organisations = {
      health: await this.organisations.create(demoActor, { name: 'Demo Community Health NHS Trust', kind: OrganisationKind.NhsBody, sharedInboxEmail: 'send.advice@health.demo.test' }),
      socialCare: await this.organisations.create(demoActor, { name: 'Demo Borough Children’s Social Care', kind: OrganisationKind.SocialCareTeam }),
      ep: await this.organisations.create(demoActor, { name: 'Demo Educational Psychology Service', kind: OrganisationKind.EducationalPsychologyService }),
      school: await this.organisations.create(demoActor, { name: 'Demo Primary School', kind: OrganisationKind.School, urn: '990001' }),
    };
    // The NHS trust serves both councils, as many do.
    await this.dataSource.query('INSERT INTO organisation_local_authorities (organisation_id, local_authority_id) VALUES ($1, $2)', [organisations.health.id, other.id]);

    const password = this.config.demoPassword.length >= 12 ? this.config.demoPassword : this.config.demoPassword.padEnd(12, '!');
    for (const account of DEMO_ACCOUNTS) {
      const organisationId = 'organisation' in account ? organisations[account.organisation].id : undefined;
      const discipline = 'discipline' in account ? account.discipline : undefined;
      await this.users.create(demoActor, { email: account.email, displayName: account.displayName, role: account.role, discipline, organisationId, password });
    }
    await this.users.create(otherActor, { email: 'caseworker@other.test', displayName: 'Olly Other', role: Role.Caseworker, password });
    await this.users.create(otherActor, { email: 'admin@other.test', displayName: 'Other LA Administrator', role: Role.LaAdmin, password });

    // The demo password may be shorter than the 12 characters new accounts need: set it directly so logins match the docs.
    if (password !== this.config.demoPassword) {
      const hash = await (await import('argon2')).hash(this.config.demoPassword);
      await this.dataSource.query('UPDATE users SET password_hash = $1', [hash]);
    }

    await this.seedChildren(demoActor, otherActor);
    return { seeded: true };
  }

  private async seedChildren(demo: Actor, other: Actor): Promise<void> {
    await this.children.create(demo, {
      givenName: 'Zoë', familyName: 'Ashworth', dateOfBirth: '2017-04-12', sex: Sex.Female, upn: 'D201000012340', nhsNumber: '9434765919', postcode: 'SW1A 1AA', settingUrn: '990001', settingName: 'Demo Primary School',
      contacts: [{ name: 'Anna Ashworth', relationship: ContactRelationship.Mother, isMainContact: true, email: 'anna.ashworth@example.test' }],
    });
    await this.children.create(demo, { givenName: 'Łukasz', familyName: 'Nowak', dateOfBirth: '2014-09-30', sex: Sex.Male, nhsNumber: '4010232137', contacts: [{ name: 'Piotr Nowak', relationship: ContactRelationship.Father }] });
    await this.children.create(demo, { givenName: 'Siân', familyName: 'Griffiths', dateOfBirth: '2021-11-02', sex: Sex.Female });
    await this.children.create(demo, { givenName: 'Şükrü', familyName: 'Yılmaz', dateOfBirth: '2008-07-19', sex: Sex.Male, uln: '1234567890' });
    await this.children.create(demo, { givenName: 'Oliver', familyName: 'Bennett', dateOfBirth: '2012-01-23', sex: Sex.Male });
    await this.children.create(other, { givenName: 'Amelia', familyName: 'Other-County', dateOfBirth: '2015-06-01', sex: Sex.Female });
  }
}
