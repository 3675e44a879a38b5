import { DomainError } from '@app/core';

export class IdentityProviderUnavailableError extends DomainError {
  constructor(providerName: string) {
    super(502, 'identity_provider_unavailable', 'Identity provider unavailable', `${providerName} did not answer (or answered something that is not OpenID Connect). Try again later, or sign in with your email and password if your account has one.`);
  }
}

export class IdentityProviderMisconfiguredError extends DomainError {
  constructor(providerName: string) {
    super(502, 'identity_provider_misconfigured', 'Identity provider not set up', `${providerName} is registered, but the client secret it refers to cannot be read by the service. Ask your administrator (runbook: "Single sign-on").`);
  }
}

export class OidcStateError extends DomainError {
  constructor() {
    super(401, 'oidc_state_invalid', 'Unauthenticated', 'This sign-in was not started here, was already completed, or took too long (state, nonce, verifier or redirect address do not match). Start the sign-in again.');
  }
}

export class OidcSignInRefusedError extends DomainError {
  constructor(reason: string) {
    super(401, 'oidc_sign_in_refused', 'Unauthenticated', `The identity provider's answer was refused: ${reason}. Start the sign-in again.`, { reason });
  }
}

export class OidcNoAccountError extends DomainError {
  constructor() {
    super(401, 'oidc_no_account', 'Unauthenticated', 'You signed in with the identity provider, but no account of this local authority (or organisation) is bound to you, and your email address was not verified by the provider. Ask your administrator to create your account with the same email.');
  }
}
