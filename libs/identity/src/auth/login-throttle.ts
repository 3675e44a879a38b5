import { ExecutionContext, SetMetadata } from '@nestjs/common';

export const LOGIN_THROTTLED = 'auth:loginThrottled';

/** Marks the sign-in route for the stricter `login` throttler (per client address, per minute). */
export const LoginThrottled = () => SetMetadata(LOGIN_THROTTLED, true);

export function isLoginThrottled(context: ExecutionContext): boolean {
  return Reflect.getMetadata(LOGIN_THROTTLED, context.getHandler()) === true;
}
