// userErrors (typed, with a code and a field path) turned into what forms show.

export interface UserErrorLike {
  field?: readonly string[] | null;
  code: string;
  message?: string;
  conflictingClientId?: string | null;
}

/** The input field a userError names, as the form's field name: ['input','email'] → 'email'. */
export function fieldKey(error: UserErrorLike): string {
  const path = (error.field ?? []).filter((part) => part !== 'input');
  return path.length ? path.join('.') : '';
}

/** Errors by field ('' holds the ones about the whole input); the first per field wins. */
export function errorsByField<E extends UserErrorLike>(errors: readonly E[]): Map<string, E> {
  const byField = new Map<string, E>();
  for (const error of errors) {
    const key = fieldKey(error);
    if (!byField.has(key)) byField.set(key, error);
  }
  return byField;
}
