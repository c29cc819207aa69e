import { FLAG_TYPES } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { buildCreateBody, initialForm, slugify, withType } from '../src/features/flag-create/create-flag-form';
import { daysUntilExpiry, expiryState, expiryWhenNotPermanent, fromDateInput, initialExpiry, mayBePermanent, toDateInput } from '../src/features/flags/expiry';

const NOW = new Date('2025-03-01T10:00:00.000Z');
const days = (iso: string | null) => (iso === null ? null : Math.round((Date.parse(iso) - NOW.getTime()) / 86_400_000));

describe('expiry defaults by type', () => {
  it('follows each type’s expected lifetime', () => {
    expect(Object.fromEntries(FLAG_TYPES.map((t) => [t, days(initialExpiry(t, NOW))]))).toEqual({
      release: 40,
      experiment: 40,
      migration: 90,
      ops: 7,
      permission: null,
      'kill-switch': null,
    });
  });

  it('allows permanent only for ops, permission and kill-switch', () => {
    expect(FLAG_TYPES.filter(mayBePermanent)).toEqual(['ops', 'permission', 'kill-switch']);
  });

  it('offers 90 days when a permanent-by-default flag gets an expiry', () => {
    expect(days(expiryWhenNotPermanent('kill-switch', NOW))).toBe(90);
    expect(days(expiryWhenNotPermanent('ops', NOW))).toBe(7);
  });

  it('re-defaults the expiry on a type change until the person picks one', () => {
    let form = initialForm(NOW);
    expect(days(form.expiresAt)).toBe(40);
    form = withType(form, 'migration', NOW);
    expect(days(form.expiresAt)).toBe(90);
    form = withType(form, 'kill-switch', NOW);
    expect(form.expiresAt).toBeNull();
    form = withType({ ...form, expiresAt: '2025-06-01T23:59:59.000Z', expiryTouched: true }, 'ops', NOW);
    expect(form.expiresAt).toBe('2025-06-01T23:59:59.000Z');
  });

  it('never leaves a type that must expire permanent', () => {
    const permanent = { ...withType(initialForm(NOW), 'permission', NOW), expiryTouched: true };
    expect(days(withType(permanent, 'release', NOW).expiresAt)).toBe(40);
  });
});

describe('expiry state', () => {
  it('tells permanent, fine, soon and expired apart', () => {
    expect(expiryState({ expiresAt: null }, NOW)).toBe('permanent');
    expect(expiryState({ expiresAt: '2025-05-01T00:00:00Z' }, NOW)).toBe('ok');
    expect(expiryState({ expiresAt: '2025-03-05T00:00:00Z' }, NOW)).toBe('soon');
    expect(expiryState({ expiresAt: '2025-02-28T00:00:00Z' }, NOW)).toBe('expired');
    expect(daysUntilExpiry({ expiresAt: '2025-02-20T10:00:00Z' }, NOW)).toBe(-9);
  });

  it('converts date inputs to the end of that UTC day', () => {
    expect(fromDateInput('2025-04-10')).toBe('2025-04-10T23:59:59.000Z');
    expect(fromDateInput('')).toBeNull();
    expect(fromDateInput('2025-13-45')).toBeNull();
    expect(toDateInput('2025-04-10T23:59:59.000Z')).toBe('2025-04-10');
  });
});

describe('create-flag form', () => {
  const filled = () => ({ ...initialForm(NOW), key: 'new-checkout', name: 'New checkout', owner: 'payments' });

  it('builds the request body', () => {
    const r = buildCreateBody(filled(), NOW);
    expect(r).toEqual({
      ok: true,
      body: {
        key: 'new-checkout',
        name: 'New checkout',
        type: 'release',
        owner: 'payments',
        tags: [],
        expiresAt: '2025-04-10T10:00:00.000Z',
        variationType: 'boolean',
        variations: [
          { name: 'off', value: false },
          { name: 'on', value: true },
        ],
        offVariation: 0,
        onVariation: 1,
        clientSide: false,
      },
    });
  });

  it('requires an owner and a slug key, with core’s messages', () => {
    const r = buildCreateBody({ ...filled(), owner: '', key: 'New Checkout' }, NOW);
    if (r.ok) throw new Error('expected errors');
    expect(r.errors.get('owner')).toEqual(['is required: every flag has an owner']);
    expect(r.errors.get('key')?.[0]).toMatch(/lower-case slug/);
  });

  it('refuses a permanent release flag and a past expiry', () => {
    const permanent = buildCreateBody({ ...filled(), expiresAt: null }, NOW);
    expect(permanent.ok ? [] : permanent.errors.get('expiresAt')?.[0]).toMatch(/is required for release flags/);
    const past = buildCreateBody({ ...filled(), expiresAt: '2025-02-01T00:00:00.000Z' }, NOW);
    expect(past.ok ? [] : past.errors.get('expiresAt')).toEqual(['must be in the future']);
  });

  it('checks variation values against the variation type', () => {
    const form = { ...filled(), variationType: 'number' as const, variations: [{ name: 'a', value: '1', description: '' }, { name: 'a', value: 'x', description: '' }], onVariation: 0 };
    const r = buildCreateBody(form, NOW);
    if (r.ok) throw new Error('expected errors');
    expect(r.errors.get('variations[1].value')).toEqual(['must be a number']);
    expect(r.errors.get('variations[1].name')?.[0]).toMatch(/duplicates/);
  });

  it('suggests a key from the name', () => {
    expect(slugify('New checkout (EU) — v2')).toBe('new-checkout-eu-v2');
    expect(slugify('Ünïcode Flag')).toBe('unicode-flag');
  });
});
