import { COMMA, ENTER } from '@angular/cdk/keycodes';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatChipInputEvent, MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { fieldErrors, problemMessage } from '../../shared/http/problem';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { EmptyState } from '../../shared/ui/empty-state';
import { InboxApi } from '../data-access/inbox-api';
import { UserRegions } from '../data-access/models';

/** The server's limits on one region and on a user's list. */
const REGION_MAX = 100;
const REGIONS_MAX = 50;

/**
 * Settings → «Регионы менеджеров» (admin): each active user with the regions they cover, as
 * chips. A new request is announced to the managers of its region, or to everyone when nobody
 * covers it. Every change saves the user's whole list at once (PUT) and goes back, with the
 * server's reason, when it is refused.
 */
@Component({
  selector: 'app-inbox-regions',
  imports: [
    MatButtonModule,
    MatChipsModule,
    MatFormFieldModule,
    MatIconModule,
    RouterLink,
    EmptyState,
    TranslatePipe,
  ],
  templateUrl: './regions.html',
  styleUrls: ['../../pipelines/admin/admin.scss', './regions.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Regions {
  private readonly api = inject(InboxApi);
  private readonly i18n = inject(I18n);

  protected readonly separators = [ENTER, COMMA] as const;
  protected readonly users = signal<readonly UserRegions[]>([]);
  protected readonly loaded = signal(false);
  protected readonly error = signal<string | null>(null);
  /** A refused change per user, said in their row. */
  protected readonly rowErrors = signal<Readonly<Record<string, string>>>({});
  protected readonly saving = signal<ReadonlySet<string>>(new Set());

  constructor() {
    void this.reload();
  }

  protected async reload(): Promise<void> {
    this.error.set(null);
    try {
      this.users.set(await firstValueFrom(this.api.regions()));
      this.loaded.set(true);
    } catch (error) {
      this.error.set(problemMessage(error, this.i18n));
    }
  }

  protected add(user: UserRegions, event: MatChipInputEvent): void {
    const region = event.value.trim();
    if (!region) {
      return;
    }
    if (region.length > REGION_MAX) {
      this.setRowError(user.userId, this.i18n.t('regions.tooLong', { n: REGION_MAX }));
      return;
    }
    event.chipInput.clear();
    if (user.regions.some((r) => r.toLocaleLowerCase() === region.toLocaleLowerCase())) {
      return;
    }
    if (user.regions.length >= REGIONS_MAX) {
      this.setRowError(user.userId, this.i18n.t('regions.tooMany', { n: REGIONS_MAX }));
      return;
    }
    void this.save(user, [...user.regions, region]);
  }

  protected remove(user: UserRegions, region: string): void {
    void this.save(
      user,
      user.regions.filter((r) => r !== region),
    );
  }

  protected isSaving(userId: string): boolean {
    return this.saving().has(userId);
  }

  /** Shown at once; the server's answer (its folded list) replaces it, a refusal puts it back. */
  private async save(user: UserRegions, regions: readonly string[]): Promise<void> {
    this.replace({ ...user, regions });
    this.setRowError(user.userId, null);
    this.saving.update((set) => new Set([...set, user.userId]));
    try {
      this.replace(await firstValueFrom(this.api.setRegions(user.userId, regions)));
    } catch (error) {
      this.replace(user);
      const first = Object.values(fieldErrors(error))[0]?.[0];
      this.setRowError(user.userId, first ?? problemMessage(error, this.i18n));
    } finally {
      this.saving.update((set) => new Set([...set].filter((id) => id !== user.userId)));
    }
  }

  private replace(user: UserRegions): void {
    this.users.update((list) => list.map((u) => (u.userId === user.userId ? user : u)));
  }

  private setRowError(userId: string, message: string | null): void {
    this.rowErrors.update((errors) => {
      const next = { ...errors };
      if (message) {
        next[userId] = message;
      } else {
        delete next[userId];
      }
      return next;
    });
  }
}
