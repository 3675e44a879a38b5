import { Injectable } from '@nestjs/common';
import { Actor, RuleViolationError } from '@app/core';
import { ChildrenService } from '@app/children';
import { LocalAuthoritiesService } from '@app/identity';
import { NoticeDocumentsService, NoticeLetterAnswer } from '@app/plans';
import { decisionNotice, decisionNoticeTitle } from '@app/statutory-clock';
import { AppealsService } from '../appeals.service';
import { NoticeLetterQueryDto } from './notice-letters.dto';
import { TxHost } from '@app/database';

/**
 * Decision notice letters: the subject is resolved by its own context (the LA's, the decision on it, the notice not
 * before the decision: 404 or 422 otherwise), the notice is worded by the clock with the LA's contacts (Regs 32), and
 * the documents pipeline renders and serves the letter. A letter needs every contact: 422 naming the missing ones.
 */
@Injectable()
export class NoticeLettersService {
  constructor(
    private readonly txHost: TxHost,
    private readonly appeals: AppealsService,
    private readonly children: ChildrenService,
    private readonly localAuthorities: LocalAuthoritiesService,
    private readonly documents: NoticeDocumentsService,
  ) {}

  async letter(actor: Actor, query: NoticeLetterQueryDto): Promise<NoticeLetterAnswer> {
    const document = await this.txHost.withTransaction(async () => {
      const subject = await this.appeals.resolver(query.subjectType).resolve(actor, query.subjectId, query.decision, query.notifiedOn);
      const contacts = await this.localAuthorities.noticeContactsOf(actor.localAuthorityId);
      const notice = decisionNotice(query.decision, query.notifiedOn, contacts);
      if (notice.missing.length) {
        throw new RuleViolationError('notice_contacts_missing', `A decision notice must give ${notice.missing.join(', ')}: your LA administrator sets them (PUT /local-authority/notice-contacts) before letters can be produced.`, 'SEND Regulations 2014, reg 32', { missing: notice.missing });
      }
      const child = await this.children.requireInLa(actor, subject.childId);
      const laName = await this.localAuthorities.nameOf(actor.localAuthorityId);
      return this.documents.obtain(
        { localAuthorityId: actor.localAuthorityId, childId: subject.childId, assessmentId: subject.assessmentId, subjectType: query.subjectType, subjectId: subject.subjectId, decision: query.decision, notifiedOn: query.notifiedOn },
        () => ({
          localAuthorityName: laName,
          child: { givenName: child.givenName, familyName: child.familyName, dateOfBirth: child.dateOfBirth },
          title: decisionNoticeTitle(query.decision),
          notifiedOn: query.notifiedOn,
          parts: notice.parts.map((p) => ({ heading: p.heading, paragraphs: p.paragraphs, regulation: p.regulation })),
        }),
      );
    });
    return this.documents.answer(actor, document);
  }
}
