import { expect } from 'vitest';
import type { HostileCase } from './corpus.ts';
import type { CaseOutcome } from './run-case.ts';

/** Checks a case's outcome against what the corpus says it must be. */
export function expectOutcome(hostile: HostileCase, outcome: CaseOutcome): void {
  const { expected } = hostile;
  if ('error' in expected) {
    expect(outcome.notice, `${hostile.id} should have been refused`).toBeUndefined();
    expect(outcome.error).toMatchObject({ name: 'BadInputError', code: expected.error });
    const message = outcome.error?.message ?? '';
    const prefix = `${outcome.fileName}: `;
    expect(message.startsWith(prefix), `"${message}" starts with the file name`).toBe(true);
    expect(message).not.toMatch(/\n|\s{2}|\bat \S+ \(/);
    if (expected.detail) expect(message.slice(prefix.length)).toMatch(expected.detail);
    if (expected.absent) expect(message).not.toMatch(expected.absent);
    return;
  }
  expect(outcome.error, `${hostile.id}: ${outcome.error?.message}`).toBeUndefined();
  const notice = outcome.notice;
  expect(notice).toBeDefined();
  if (!notice) return;
  expect(notice.format).toBe(expected.format);
  if (expected.encoding !== undefined) expect(notice.encoding).toBe(expected.encoding);
  if (expected.items !== undefined) expect(notice.items).toBe(expected.items);
  if (expected.columns !== undefined) expect(notice.columns).toBe(expected.columns);
  if (expected.articles !== undefined) expect(notice.articles).toBe(expected.articles);
  if (expected.warning) expect(notice.warnings.some((w) => expected.warning?.test(w))).toBe(true);
  for (const text of expected.text ?? []) expect(outcome.text).toContain(text);
  if (expected.absent) {
    expect(outcome.text).not.toMatch(expected.absent);
    expect(notice.json, 'the notice JSON is small enough to check').not.toBeNull();
    expect(notice.json).not.toMatch(expected.absent);
  }
  // Whatever went in, what comes out is valid JSON without NUL (PostgreSQL cannot store it).
  if (notice.json !== null) {
    expect(() => JSON.parse(notice.json as string)).not.toThrow();
    expect(notice.json).not.toContain('\\u0000');
  }
}
