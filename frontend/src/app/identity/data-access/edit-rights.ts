import { Me } from './models';

/**
 * Whether the signed-in user may change a record, as the server decides (docs/*-api.md):
 * an admin and the head of sales change everything, a manager what they own — the deal,
 * company or contact they are responsible for, the task they set or hold. Every card asks
 * here, and says why it is read-only when the answer is no.
 */
export function mayEdit(me: Me | null, ...owners: readonly (string | null | undefined)[]): boolean {
  if (!me) {
    return false;
  }
  return me.role === 'Admin' || me.role === 'HeadOfSales' || owners.includes(me.id);
}
