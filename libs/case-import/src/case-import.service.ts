import { Injectable } from '@nestjs/common';
import { Actor, DomainError, FieldError, flattenValidationErrors, jsonShapeProblem, unsafeInputProblem } from '@app/core';
import { AdviceService } from '@app/advice';
import { AssessmentsService } from '@app/assessments';
import { AuditService } from '@app/audit';
import { ChildrenService } from '@app/children';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ImportLineDto } from './dto/import-line.dto';
import { TxHost } from '@app/database';

export interface ImportLineResult {
  line: number;
  externalReference: string | null;
  status: 'imported' | 'rejected';
  assessmentId?: string;
  /** Why the line was refused: the same codes and rules as the live API. */
  errors?: { code: string; message: string; field?: string; rule?: string }[];
}

export interface ImportReport {
  imported: number;
  rejected: number;
  results: ImportLineResult[];
}

/**
 * Moves finished (or running) assessments from another system. Each line is replayed through the same commands
 * as live work, in its own transaction: a line that breaks any rule writes nothing and is reported with its reason.
 */
@Injectable()
export class CaseImportService {
  constructor(
    private readonly txHost: TxHost,
    private readonly children: ChildrenService,
    private readonly assessments: AssessmentsService,
    private readonly advice: AdviceService,
    private readonly audit: AuditService,
  ) {}

  async importLines(actor: Actor, lines: string[]): Promise<ImportReport> {
    const results: ImportLineResult[] = [];
    for (const [index, raw] of lines.entries()) {
      if (raw.trim() === '') continue;
      results.push(await this.importLine(actor, index + 1, raw));
    }
    const imported = results.filter((r) => r.status === 'imported').length;
    return { imported, rejected: results.length - imported, results };
  }

  private async importLine(actor: Actor, line: number, raw: string): Promise<ImportLineResult> {
    let parsed: unknown;
    // The limits a JSON body has (issue 12): bounded depth and width before parsing, no NUL or lone surrogate after.
    const shapeProblem = jsonShapeProblem(raw);
    if (shapeProblem) return { line, externalReference: null, status: 'rejected', errors: [{ code: 'json_too_complex', message: shapeProblem }] };
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { line, externalReference: null, status: 'rejected', errors: [{ code: 'malformed_json', message: 'The line is not valid JSON.' }] };
    }
    const unsafe = unsafeInputProblem(parsed, '');
    if (unsafe) return { line, externalReference: null, status: 'rejected', errors: [{ code: 'validation_failed', field: unsafe.field, message: unsafe.message }] };
    const externalReference = typeof (parsed as { externalReference?: unknown })?.externalReference === 'string' ? (parsed as { externalReference: string }).externalReference : null;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { line, externalReference, status: 'rejected', errors: [{ code: 'validation_failed', message: 'Each line must be a JSON object.' }] };
    }
    const dto = plainToInstance(ImportLineDto, parsed);
    const validationErrors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (validationErrors.length > 0) {
      return { line, externalReference, status: 'rejected', errors: flattenValidationErrors(validationErrors).map((e: FieldError) => ({ code: 'validation_failed', field: e.field, message: e.message })) };
    }
    try {
      const assessmentId = await this.txHost.withTransaction(() => this.replay(actor, dto));
      return { line, externalReference, status: 'imported', assessmentId };
    } catch (error) {
      if (error instanceof DomainError) {
        const extensions = error.extensions as { rule?: string; field?: string; errors?: FieldError[] };
        const fieldErrors = extensions.errors?.map((e) => ({ code: error.code, field: e.field, message: e.message }));
        return { line, externalReference, status: 'rejected', errors: fieldErrors ?? [{ code: error.code, message: error.detail, field: extensions.field, rule: extensions.rule }] };
      }
      throw error;
    }
  }

  /** The case's history, step by step, through the live commands. */
  private async replay(actor: Actor, dto: ImportLineDto): Promise<string> {
    const childId = dto.childId ?? (await this.findOrCreateChild(actor, dto));
    const assessment = await this.assessments.create(actor, { childId, requestReceivedOn: dto.requestReceivedOn, requestSource: dto.requestSource }, { imported: true });
    const id = assessment.id;
    // A historic closure without its advice request was recorded under the old rule: kept, and listed for review.
    for (const exception of dto.exceptions ?? []) await this.assessments.recordException(actor, id, exception, { imported: true });
    if (dto.decisionToAssess) await this.assessments.execute(actor, id, { type: 'decide_to_assess', ...dto.decisionToAssess });
    for (const advice of dto.adviceRequests ?? []) {
      const request = await this.advice.request(actor, id, { discipline: advice.discipline, requestedOn: advice.requestedOn });
      if (advice.receivedOn) await this.advice.markReceived(actor, request.id, advice.receivedOn);
    }
    if (dto.decisionToIssue) await this.assessments.execute(actor, id, { type: 'decide_to_issue', ...dto.decisionToIssue });
    if (dto.draftIssuedOn) await this.assessments.execute(actor, id, { type: 'issue_draft', issuedOn: dto.draftIssuedOn, servedOn: dto.draftServedOn }, { imported: true });
    if (dto.representationsReceivedOn) await this.assessments.execute(actor, id, { type: 'record_representations', receivedOn: dto.representationsReceivedOn });
    if (dto.finalIssuedOn) await this.assessments.execute(actor, id, { type: 'issue_final', issuedOn: dto.finalIssuedOn, notifiedOn: dto.finalNotifiedOn });
    if (dto.withdrawn) await this.assessments.execute(actor, id, { type: 'withdraw', withdrawnOn: dto.withdrawn.withdrawnOn, reason: dto.withdrawn.reason });
    await this.audit.record(actor, { action: 'assessment.imported', entityType: 'assessment', entityId: id, metadata: { externalReference: dto.externalReference ?? null, childId } });
    return id;
  }

  private async findOrCreateChild(actor: Actor, dto: ImportLineDto): Promise<string> {
    const child = dto.child!;
    const existing = await this.children.findByIdentifiers(actor, { upn: child.upn, nhsNumber: child.nhsNumber });
    if (existing) return existing.id;
    return (await this.children.create(actor, child)).id;
  }
}
