import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LocalAuthority } from './entities/local-authority.entity';

/** The local authorities as other contexts need them: every id (for per-LA schedules) and a name (for documents). */
@Injectable()
export class LocalAuthoritiesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async allIds(): Promise<string[]> {
    return (await this.dataSource.getRepository(LocalAuthority).find({ select: { id: true }, order: { id: 'ASC' } })).map((la) => la.id);
  }

  async nameOf(id: string): Promise<string> {
    return (await this.dataSource.getRepository(LocalAuthority).findOneOrFail({ select: { id: true, name: true }, where: { id } })).name;
  }

  /** The LA's three-digit code (SEN2 `LEA`, and `TransferLA` when another LA names it). */
  async codeOf(id: string): Promise<string> {
    return (await this.dataSource.getRepository(LocalAuthority).findOneOrFail({ select: { id: true, code: true }, where: { id } })).code;
  }

  /** The code of an LA of this installation known by that exact name (a transfer names its destination), or null. */
  async codeByName(name: string): Promise<string | null> {
    return (await this.dataSource.getRepository(LocalAuthority).findOne({ select: { id: true, code: true }, where: { name } }))?.code ?? null;
  }
}
