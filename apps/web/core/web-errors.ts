/** Failures the error filter turns into pages. None carries internals to the person. */
export class ApiUnavailableError extends Error {
  constructor(override readonly cause?: unknown) {
    super('The API could not be reached');
  }
}

/** The API answered 401 to a signed-in person: their token expired or was revoked. They sign in again. */
export class SessionEndedError extends Error {
  constructor() {
    super('The session ended');
  }
}

/** A page the person may not see, or that does not exist: 404, as the API answers. */
export class PageNotFoundError extends Error {
  constructor() {
    super('Page not found');
  }
}

/** The API answered something a page did not expect (a 5xx, or a 4xx the page has no form for). */
export class UnexpectedApiAnswerError extends Error {
  constructor(
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(`The API answered ${status}`);
  }
}
