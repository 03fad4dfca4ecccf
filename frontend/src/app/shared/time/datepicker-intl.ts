import { ApplicationRef, effect, inject } from '@angular/core';
import { MatDatepickerIntl } from '@angular/material/datepicker';
import { I18n } from '../i18n/i18n';

const translated = new WeakSet<MatDatepickerIntl>();

/**
 * The calendar's own texts (its buttons and labels) in the app's language, following a switch.
 * Call it in the constructor of a component that shows a date picker; the first call sets it up
 * for the app (on the root `MatDatepickerIntl`, which every picker uses), later ones do nothing.
 */
export function translateDatepicker(): void {
  const intl = inject(MatDatepickerIntl);
  if (translated.has(intl)) {
    return;
  }
  translated.add(intl);
  const i18n = inject(I18n);
  // A root effect: it outlives the component that happened to set it up.
  effect(
    () => {
      const t = (key: Parameters<I18n['t']>[0]) => i18n.t(key);
      intl.calendarLabel = t('dates.calendar');
      intl.openCalendarLabel = t('dates.openCalendar');
      intl.closeCalendarLabel = t('dates.closeCalendar');
      intl.prevMonthLabel = t('dates.prevMonth');
      intl.nextMonthLabel = t('dates.nextMonth');
      intl.prevYearLabel = t('dates.prevYear');
      intl.nextYearLabel = t('dates.nextYear');
      intl.prevMultiYearLabel = t('dates.prevYears');
      intl.nextMultiYearLabel = t('dates.nextYears');
      intl.switchToMonthViewLabel = t('dates.chooseDate');
      intl.switchToMultiYearViewLabel = t('dates.chooseMonthYear');
      intl.changes.next();
    },
    { injector: inject(ApplicationRef).injector },
  );
}
