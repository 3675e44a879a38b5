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
}
