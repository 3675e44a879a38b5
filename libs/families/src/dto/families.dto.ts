import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEmail, IsEnum, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { FamilyRelationship } from '../entities/family-access.entity';
import { ContributionKind } from '../entities/family-contribution.entity';

const SOMETHING = /\S/;
const SECTIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'];
/** Longest answer to one question, one comment, one reason: generous for a family's own words, bounded for the database. */
export const MAX_TEXT = 5000;

// ---- the caseworker's side ----

export class InviteFamilyMemberDto {
  @ApiProperty({ type: 'string', format: 'email', example: 'parent@demo.test' }) @IsEmail() @MaxLength(320) email: string;
  @ApiProperty({ example: 'Alex Smith', description: 'How the emails greet them (the emails never carry it: "Hello,")' }) @IsString() @MinLength(1) @MaxLength(200) @Matches(SOMETHING, { message: 'name must not be blank' }) name: string;
  @ApiProperty({ enum: FamilyRelationship }) @IsEnum(FamilyRelationship) relationship: FamilyRelationship;
}

export class RecordConsentDto {
  @ApiProperty({ type: 'string', format: 'date', description: 'The day the young person agreed that the parent keeps access' }) @IsCalendarDate() consentedOn: string;
}

export class FamilyAccessDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: FamilyRelationship }) relationship: FamilyRelationship;
  @ApiProperty({ enum: ['active', 'awaiting_rights', 'needs_consent', 'revoked', 'expired'], description: 'What the grant opens today (docs/roles.md, "Family members")' }) status: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) youngPersonConsentOn: string | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) revokedAt: string | null;
}

export class AnswerContributionDto {
  @ApiProperty({ description: 'Whether the plan reflects it' }) @IsBoolean() reflected: boolean;
  @ApiProperty({ maxLength: 2000, description: 'Why, in words the family will read with the final plan' }) @IsString() @MinLength(1) @MaxLength(2000) @Matches(SOMETHING, { message: 'reason must not be blank' }) reason: string;
}

export class ContributionAnswerDto {
  @ApiProperty() reflected: boolean;
  @ApiProperty() reason: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) answeredAt: string;
  @ApiProperty({ format: 'uuid' }) answeredById: string;
}

export class FamilyContributionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ContributionKind }) kind: ContributionKind;
  @ApiProperty({ type: 'string', nullable: true, enum: SECTIONS }) section: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'Whether the caseworker answered it' }) answered: boolean;
  @ApiProperty({ type: ContributionAnswerDto, nullable: true }) answer: ContributionAnswerDto | null;
  @ApiProperty({ description: 'Whether it needs an answer (comments, preferences, meeting requests, mediation wishes)' }) needsAnswer: boolean;
  @ApiProperty() version: number;
  @ApiProperty({ enum: ['request', 'assessment', 'draft', 'plan', 'closed'] }) caseStep: string;
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) details: Record<string, unknown> | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The final plan’s covering notice that carried the answer' }) noticeIssuedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt: string;
}

// ---- signing in ----

export class SignInDto {
  @ApiProperty({ type: 'string', format: 'email' }) @IsString() @MaxLength(320) @IsEmail() email: string;
}

export class VerifySignInDto {
  @ApiPropertyOptional({ type: 'string', format: 'email' }) @IsOptional() @IsString() @MaxLength(320) @IsEmail() email?: string;
  @ApiPropertyOptional({ example: '123456', description: 'The 6-digit code from the email (with `email`)' }) @IsOptional() @IsString() @Matches(/^\d{6}$/, { message: 'code must be 6 digits' }) code?: string;
  @ApiPropertyOptional({ description: 'Instead of email and code: the token of the emailed link' }) @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{20,100}$/, { message: 'token is not a sign-in link token' }) token?: string;
}

export class SignInAcceptedDto {
  @ApiProperty({ example: 'If that address has access, we have emailed it a code and a link. They work once, for 10 minutes.' }) message: string;
}

export class FamilyTokenDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds' }) expiresIn: number;
}

export class FamilySessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) lastUsedAt: string;
  @ApiProperty({ type: 'string', nullable: true }) userAgent: string | null;
  @ApiProperty({ type: 'string', nullable: true }) address: string | null;
  @ApiProperty() current: boolean;
}

export class FamilyMeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
}

// ---- what the family does ----

export class AboutMeDto {
  @ApiProperty({ maxLength: MAX_TEXT, description: 'What people like and admire about the child or young person' }) @IsString() @MaxLength(MAX_TEXT) likedAndAdmired: string;
  @ApiProperty({ maxLength: MAX_TEXT, description: 'What is important to them, now and for the future' }) @IsString() @MaxLength(MAX_TEXT) important: string;
  @ApiProperty({ maxLength: MAX_TEXT, description: 'How best to support them' }) @IsString() @MaxLength(MAX_TEXT) support: string;
  @ApiProperty({ maxLength: MAX_TEXT, description: 'Their hopes and aspirations' }) @IsString() @MaxLength(MAX_TEXT) aspirations: string;
}

export class GiveViewsDto {
  @ApiProperty({ type: AboutMeDto, description: 'Section A in the family’s own words; at least one answer' }) @ValidateNested() @Type(() => AboutMeDto) aboutMe: AboutMeDto;
}

export class SectionCommentDto {
  @ApiProperty({ enum: SECTIONS }) @IsIn(SECTIONS) section: string;
  @ApiProperty({ maxLength: MAX_TEXT }) @IsString() @MinLength(1) @MaxLength(MAX_TEXT) @Matches(SOMETHING, { message: 'text must not be blank' }) text: string;
}

export class PreferredInstitutionDto {
  @ApiPropertyOptional({ example: '990001', description: 'The school’s URN (6 digits)' }) @IsOptional() @IsString() @Matches(/^\d{6}$/, { message: 'urn must be 6 digits' }) urn?: string;
  @ApiPropertyOptional({ example: '10012345', description: 'The college’s UKPRN (8 digits starting with 1)' }) @IsOptional() @IsString() @Matches(/^1\d{7}$/, { message: 'ukprn must be 8 digits starting with 1' }) ukprn?: string;
  @ApiProperty({ example: 'Demo Secondary Academy' }) @IsString() @MinLength(1) @MaxLength(200) @Matches(SOMETHING, { message: 'name must not be blank' }) name: string;
}

export class FamilyRepresentationsDto {
  @ApiProperty({ type: [SectionCommentDto], maxItems: 50 }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SectionCommentDto) comments: SectionCommentDto[];
  @ApiProperty({ description: 'The family asks for a meeting about the draft' }) @IsBoolean() meetingRequested: boolean;
  @ApiPropertyOptional({ type: PreferredInstitutionDto, nullable: true, description: 'The school or college the family asks to be named (CFA 2014 s38(2)(b))' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PreferredInstitutionDto)
  preferredInstitution?: PreferredInstitutionDto | null;
}

export class FamilyMediationDto {
  @ApiProperty({ type: [String], maxItems: 20, description: 'The issues the family wants mediated' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(1000, { each: true })
  @Matches(SOMETHING, { each: true, message: 'each issue must not be blank' })
  issues: string[];
}

export class DocumentQueryDto {
  @ApiProperty({ example: 'Letter from the GP.pdf' }) @IsString() @MinLength(1) @MaxLength(255) fileName: string;
}

export class ContributionCreatedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ContributionKind }) kind: ContributionKind;
  @ApiProperty({ type: 'string', nullable: true }) section: string | null;
  @ApiProperty({ description: 'The version of this kind of contribution from this family member on the case' }) version: number;
  @ApiProperty() caseStep: string;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt: string;
}

export class RepresentationsRecordedDto {
  @ApiProperty({ format: 'uuid' }) assessmentId: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The day the representations were recorded on the clock' }) receivedOn: string;
  @ApiProperty({ type: [ContributionCreatedDto] }) contributions: ContributionCreatedDto[];
}

// ---- what the family sees ----

export class FamilyNextStepDto {
  @ApiProperty() description: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) dueOn: string | null;
}

export class FamilyDeadlineDto {
  @ApiProperty({ enum: ['decision_to_assess', 'no_plan_notice', 'draft_representations', 'final_plan', 'appeal', 'review_due', 'phase_transfer'] }) kind: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'string', format: 'date' }) dueOn: string;
  @ApiProperty() status: string;
  @ApiProperty({ enum: ['family', 'council'], description: 'Whose date it is' }) binds: string;
  @ApiProperty() regulation: string;
}

export class FamilyAdviceDto {
  @ApiProperty() discipline: string;
  @ApiProperty() status: string;
  @ApiProperty() statusDescription: string;
}

export class FamilyNoticeDto {
  @ApiProperty() decision: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'string', format: 'date' }) notifiedOn: string;
  @ApiProperty({ type: 'string', format: 'date' }) appealDeadline: string;
  @ApiProperty() appealDeadlineExplanation: string;
  @ApiProperty() mediationAdviceRequired: boolean;
  @ApiProperty() regulation: string;
  @ApiProperty() text: string;
}

export class FamilyAnswerDto {
  @ApiProperty({ format: 'uuid' }) contributionId: string;
  @ApiProperty() kind: string;
  @ApiProperty({ type: 'string', nullable: true }) section: string | null;
  @ApiProperty() text: string;
  @ApiProperty() reflected: boolean;
  @ApiProperty() reason: string;
}

export class CoveringNoticeDto {
  @ApiProperty({ type: 'string', format: 'date' }) issuedOn: string;
  @ApiProperty({ type: [FamilyAnswerDto] }) answers: FamilyAnswerDto[];
}

export class FamilyPlanSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) nextReviewDueOn: string | null;
  @ApiProperty({ description: 'Issued versions (draft and final); the PDF is at /family/plans/{id}/pdf' }) latestVersionNumber: number;
}

export class FamilyCaseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty() status: string;
  @ApiProperty({ example: 'Draft plan ready for your comments' }) stage: string;
  @ApiProperty() stageDescription: string;
  @ApiProperty({ type: FamilyNextStepDto, nullable: true }) nextStep: FamilyNextStepDto | null;
  @ApiProperty({ type: [FamilyDeadlineDto] }) deadlines: FamilyDeadlineDto[];
  @ApiProperty({ type: [FamilyAdviceDto] }) adviceRequests: FamilyAdviceDto[];
  @ApiProperty({ type: [FamilyNoticeDto], description: 'Every decision notice, with the right to appeal and the mediation information' }) notices: FamilyNoticeDto[];
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) draftIssuedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) representationsReceivedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) finalIssuedOn: string | null;
  @ApiProperty({ type: FamilyPlanSummaryDto, nullable: true }) plan: FamilyPlanSummaryDto | null;
  @ApiProperty({ type: CoveringNoticeDto, nullable: true, description: 'With the final plan: the council’s answer to each of your comments' }) coveringNotice: CoveringNoticeDto | null;
}

export class FamilyCaseSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() status: string;
  @ApiProperty() stage: string;
  @ApiProperty({ type: 'string', format: 'date' }) requestReceivedOn: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) planId: string | null;
}

export class FamilyChildDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty({ type: 'string', format: 'date' }) dateOfBirth: string;
  @ApiProperty({ enum: FamilyRelationship }) relationship: FamilyRelationship;
  @ApiProperty({ enum: ['parent', 'young_person', 'representative'], description: 'Who takes the decisions today' }) rightsHolder: string;
  @ApiProperty({ type: [FamilyCaseSummaryDto] }) assessments: FamilyCaseSummaryDto[];
  @ApiProperty({ type: [FamilyPlanSummaryDto] }) plans: FamilyPlanSummaryDto[];
}

export class FamilyReviewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'held', description: 'scheduled, held, decided, amending, completed...' }) status: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The day of the review meeting' }) meetingOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The day the invitations to the meeting went out' }) invitationsSentOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The day the advice and information gathered for the meeting were circulated to those invited (at least 2 weeks before it, Regs 20(4))' }) adviceCirculatedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The day the report of the meeting was sent (within 2 weeks of it, Regs 20(7))' }) reportIssuedOn: string | null;
  @ApiProperty({ type: 'string', nullable: true, enum: ['maintain', 'amend', 'cease'] }) decision: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) decisionNotifiedOn: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The amendments the council proposes, for the family to respond to' }) proposedChanges: string | null;
}

export class FamilyRecommendationAnswerDto {
  @ApiProperty({ description: 'What the body wrote back' }) text: string;
  @ApiProperty({ type: 'string', format: 'date' }) answeredOn: string;
  @ApiProperty({ description: 'Who answered for the body' }) answeredBy: string;
}

export class FamilyRecommendationDto {
  @ApiProperty({ enum: ['health', 'social_care'] }) kind: string;
  @ApiProperty({ example: 'Health', description: 'Health or Social care, in words' }) about: string;
  @ApiProperty({ description: 'The body the Tribunal addressed' }) body: string;
  @ApiProperty({ description: 'What the Tribunal recommended' }) text: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The day of the Tribunal’s decision' }) decidedOn: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The body must answer in writing by this day (5 weeks after the decision)' }) answerDueOn: string;
  @ApiProperty({ description: 'In plain English: what the body must do and whether it has' }) description: string;
  @ApiProperty({ enum: ['open', 'overdue', 'met', 'late', 'not_applicable'] }) status: string;
  @ApiProperty() regulation: string;
  @ApiProperty({ type: FamilyRecommendationAnswerDto, nullable: true }) answer: FamilyRecommendationAnswerDto | null;
}

export class FamilyPlanDto extends FamilyPlanSummaryDto {
  @ApiProperty({ type: [FamilyRecommendationDto], description: 'The Tribunal’s health and social care recommendations on the case’s appeals, and the bodies’ written answers' }) tribunalRecommendations: FamilyRecommendationDto[];
  @ApiProperty({ type: [FamilyReviewDto], description: 'The plan’s reviews, oldest first: meeting, the advice circulated before it, the report and the decision' }) reviews: FamilyReviewDto[];
  @ApiProperty({ format: 'uuid' }) assessmentId: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) finalIssuedOn: string | null;
  @ApiProperty({ type: [FamilyDeadlineDto], description: 'Review dates and the phase transfer, if any' }) deadlines: FamilyDeadlineDto[];
}
