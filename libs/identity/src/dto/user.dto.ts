import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Discipline, LA_ROLES, PageQueryDto, Role } from '@app/core';
import { IsBoolean, IsEmail, IsEnum, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { User } from '../entities/user.entity';

export class CreateUserDto {
  @ApiProperty({ type: 'string', format: 'email', example: 'new.caseworker@demo.test' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'Sam Patel' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;

  @ApiProperty({ enum: LA_ROLES })
  @IsIn(LA_ROLES)
  role: Role;

  @ApiPropertyOptional({ maxLength: 100, description: 'The team the user works in (reports group caseworkers by it)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  team?: string;

  @ApiPropertyOptional({ enum: Discipline, description: 'Required for professionals, refused for others' })
  @IsOptional()
  @IsEnum(Discipline)
  discipline?: Discipline;

  @ApiPropertyOptional({ type: 'string', format: 'uuid', description: "One of your LA's organisations: creating the professional in it admits them to it (they see your requests addressed to it)" })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiProperty({ minLength: 12, description: 'At least 12 characters' })
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) displayName?: string;
  @ApiPropertyOptional({ enum: LA_ROLES }) @IsOptional() @IsIn(LA_ROLES) role?: Role;
  @ApiPropertyOptional({ type: 'string', nullable: true, maxLength: 100 }) @IsOptional() @ValidateIf((_o, value) => value !== null) @IsString() @MinLength(1) @MaxLength(100) team?: string | null;
  @ApiPropertyOptional({ enum: Discipline, nullable: true })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsEnum(Discipline)
  discipline?: Discipline | null;
  @ApiPropertyOptional({ type: 'string', format: 'uuid', nullable: true, description: "The one of your LA's organisations the professional works for (null: none); their admissions by other LAs are those LAs' to change" })
  @IsOptional()
  @ValidateIf((_o, value) => value !== null)
  @IsUUID()
  organisationId?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ description: 'Clears a lockout after too many failed sign-ins' }) @IsOptional() @IsBoolean() unlock?: boolean;
  @ApiPropertyOptional({ minLength: 12 }) @IsOptional() @IsString() @MinLength(12) @MaxLength(256) password?: string;
}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: Role }) @IsOptional() @IsEnum(Role) role?: Role;
}

export class UserDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty({ type: 'string', format: 'email' }) email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ enum: Discipline, nullable: true }) discipline: Discipline | null;
  @ApiProperty({ type: 'string', format: 'uuid' }) localAuthorityId: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: "The organisation of your LA they are a member of" }) organisationId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) team: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty() locked: boolean;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) lastLoginAt: string | null;
  @ApiProperty() version: number;

  static from(user: User, now: Date, organisationId: string | null): UserDto {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      discipline: user.discipline,
      localAuthorityId: user.localAuthorityId,
      organisationId,
      team: user.team,
      active: user.active,
      locked: user.lockedUntil !== null && user.lockedUntil > now,
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      version: user.version,
    };
  }
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor: string | null;
}

export class MembershipDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) organisationId: string;
  @ApiProperty() organisationName: string;
  @ApiProperty({ type: 'string', format: 'uuid', description: 'The LA whose record the organisation is, and which admitted you' }) localAuthorityId: string;
  @ApiProperty() localAuthorityName: string;
}

export class MeDto extends UserDto {
  @ApiProperty() localAuthorityName: string;
  @ApiProperty({ type: [MembershipDto], description: 'The organisations you were admitted to, each by its own LA: whose requests you can see' })
  memberships: MembershipDto[];
  @ApiProperty({ type: [String] }) permissions: string[];
}
