import type { FormItem } from '../db/schema.js';

/** Small builders for the labelled form tree (same shape as the OZG-Cloud formData). */
export const text = (name: string, label: string, value: string): FormItem => ({ name, label, stringValue: value });
export const num = (name: string, label: string, value: number): FormItem => ({ name, label, numberValue: value });
export const date = (name: string, label: string, value: Date): FormItem => ({ name, label, dateValue: value.toISOString().slice(0, 10) });
export const flag = (name: string, label: string, value: boolean): FormItem => ({ name, label, booleanValue: value });
export const group = (name: string, label: string, items: FormItem[]): FormItem => ({ name, label, formItems: items });

export function daysFrom(base: Date, days: number): Date {
  return new Date(base.getTime() + days * 24 * 3600 * 1000);
}
