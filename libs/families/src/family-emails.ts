/**
 * The emails families receive. Like the staff emails they carry no personal data: a greeting, what to do, a link
 * (and the one-time code, which is not personal data and expires in 10 minutes). Never the child's name.
 */
export interface FamilyEmail {
  subject: string;
  body: string;
}

export function invitationEmail(link: string): FamilyEmail {
  return {
    subject: 'You have been invited to follow an EHC needs assessment',
    body: [
      'Hello,',
      '',
      'Your local council has invited you to follow an education, health and care (EHC) needs assessment online, give your views and respond to the draft plan.',
      '',
      `To sign in, go to ${link} and enter this email address. We will email you a code: there is no password.`,
      '',
      'If you were not expecting this email, you can ignore it.',
    ].join('\n'),
  };
}

export function signInCodeEmail(code: string, link: string, validMinutes: number): FamilyEmail {
  return {
    subject: 'Your sign-in code',
    body: [
      'Hello,',
      '',
      `Your sign-in code is ${code}`,
      '',
      `Or use this link to sign in: ${link}`,
      '',
      `The code and the link work once, for ${validMinutes} minutes. If you did not ask to sign in, you can ignore this email.`,
    ].join('\n'),
  };
}
