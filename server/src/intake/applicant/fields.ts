/** The applicant's fields a form can fill (the mapping's targets, in the order they are resolved). */
export const APPLICANT_FIELDS = ['firstName', 'lastName', 'organisationName', 'email', 'phone', 'street', 'houseNumber', 'postalCode', 'city', 'dateOfBirth'] as const;
export type ApplicantField = (typeof APPLICANT_FIELDS)[number];
