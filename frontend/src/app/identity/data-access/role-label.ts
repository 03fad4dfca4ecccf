import { TranslationKey } from '../../shared/i18n/ru';
import { Role } from './models';

/** The dictionary key of a role's name ("Менеджер", "Manager"). */
export function roleLabel(role: Role): TranslationKey {
  return `role.${role}`;
}
