import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { PageNotFoundError } from './web-errors';

const PUBLIC = 'web:public';
const ROLES = 'web:roles';

/** A page anyone may open (sign-in, health, error pages). Every other page needs a signed-in person. */
export const PublicPage = () => SetMetadata(PUBLIC, true);

/** The roles that may open a page; anyone else gets the 404 page (web-contract.md: as the API does). */
export const ForRoles = (...roles: string[]) => SetMetadata(ROLES, roles);

/** Thrown when nobody is signed in: the error filter redirects to /sign-in. */
export class SignInRequiredError extends Error {
  constructor() {
    super('Sign in required');
  }
}

@Injectable()
export class SignedInGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const person = request.session?.person;
    if (!person) throw new SignInRequiredError();
    const roles = this.reflector.getAllAndOverride<string[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(person.role)) throw new PageNotFoundError();
    return true;
  }
}
