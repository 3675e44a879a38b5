import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, Clock, CurrentActor, Permission, RequirePermissions, uuidParam } from '@app/core';
import { CreateUserDto, UpdateUserDto, UserDto, UserPageDto, UserQueryDto } from './dto/user.dto';
import { User } from './entities/user.entity';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@RequirePermissions(Permission.UsersManage)
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a user in your local authority (LA administrators)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.view(actor, await this.users.create(actor, dto));
  }

  @Get()
  @ApiOperation({ summary: 'Users of your local authority, by email' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiProblems(400, 401, 403)
  async list(@CurrentActor() actor: Actor, @Query() query: UserQueryDto): Promise<UserPageDto> {
    const page = await this.users.list(actor, { role: query.role, cursor: query.cursor, limit: query.limit ?? 50 });
    const now = this.clock.now();
    const organisations = await this.users.organisationsInCallerLa(actor, page.items);
    return { items: page.items.map((u) => UserDto.from(u, now, organisations.get(u.id) ?? null)), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user of your local authority' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 401, 403, 404)
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<UserDto> {
    return this.view(actor, await this.users.get(actor, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user: name, role, discipline, organisation, active, unlock, password' })
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async update(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.view(actor, await this.users.update(actor, id, dto));
  }

  private async view(actor: Actor, user: User): Promise<UserDto> {
    const organisations = await this.users.organisationsInCallerLa(actor, [user]);
    return UserDto.from(user, this.clock.now(), organisations.get(user.id) ?? null);
  }
}
