/**
 * `namesAPerson`: which names people listings and facet counts keep
 * (search finds every name, people or not).
 */
import { describe, expect, it } from 'vitest';
import { namesAPerson } from '#shared/extract/people.ts';

describe('namesAPerson', () => {
  it.each([
    'Stalin',
    'KIM IL SUNG',
    'I.V. Stalin',
    'Ambassador Ivanov',
    'DPRK leader Kim Il Sung',
    'Le Duc Tho',
    'Вышинский',
  ])('%s is a person', (name) => {
    expect(namesAPerson(name)).toBe(true);
  });

  it.each([
    ['file', 'a copy kept on file'],
    ['Copy', 'a copy, not a person'],
    ['on file', 'lower case: no name'],
    ['the 10th Department', 'a body'],
    ['8 MDGS', 'starts with a number'],
    ['Foreign Ministry', 'a body'],
    ['HSWP CC', "a party's central committee"],
    ['Mongolian People’s Republic', 'a state'],
    ['Soviet Ambassador in Beijing', 'an office with no name after it'],
    ['Pyongyang', 'a place'],
  ])('%s is not (%s)', (name) => {
    expect(namesAPerson(name)).toBe(false);
  });
});
