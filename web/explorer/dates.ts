// Dates as precise as they are known: an event known to the year reads "2022", not "2022-01-01".
import { DatePrecision } from './api';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDate(date: string | null | undefined, precision?: DatePrecision | null): string {
  if (!date) return 'undated';
  const [year, month, day] = date.split('-');
  if (precision === 'YEAR') return String(Number(year));
  if (precision === 'MONTH') return `${MONTHS[Number(month) - 1]} ${Number(year)}`;
  if (!month || !day) return date;
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${Number(year)}`;
}

/** The last day a date of this precision may mean: an event of "2024" has begun by 2024-12-31 at the latest. */
export function startsAfter(date: string, precision: DatePrecision | null | undefined, at: string): boolean {
  if (precision === 'YEAR') return date.slice(0, 4) > at.slice(0, 4);
  if (precision === 'MONTH') return date.slice(0, 7) > at.slice(0, 7);
  return date > at;
}

export const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
export const dayDate = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);
