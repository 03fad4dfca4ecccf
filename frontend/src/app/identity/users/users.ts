import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  OnInit,
  inject,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { MatTooltipModule } from '@angular/material/tooltip';
import { problemMessage } from '../../shared/http/problem';
import { DateTimePipe } from '../../shared/i18n/date-time';
import { I18n } from '../../shared/i18n/i18n';
import { TranslatePipe } from '../../shared/i18n/translate';
import { EmptyState } from '../../shared/ui/empty-state';
import { User } from '../data-access/models';
import { roleLabel } from '../data-access/role-label';
import { SessionStore } from '../data-access/session-store';
import { UsersStore } from '../data-access/users-store';
import { ResetPasswordDialog } from './reset-password-dialog';
import { UserDialog, UserDialogData } from './user-dialog';
import { focusOnSlash } from '../../shared/ui/slash-focus';

/** Settings → Users: the administrator's list of staff accounts. */
@Component({
  selector: 'app-users',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatMenuModule,
    MatProgressBarModule,
    MatTableModule,
    MatTooltipModule,
    DateTimePipe,
    EmptyState,
    TranslatePipe,
  ],
  providers: [UsersStore],
  templateUrl: './users.html',
  styleUrl: './users.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'focusSearchOnSlash($event)' },
})
export class Users implements OnInit {
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly injector = inject(Injector);
  private readonly i18n = inject(I18n);
  private readonly searchInput = viewChild<ElementRef<HTMLInputElement>>('searchBox');
  protected readonly store = inject(UsersStore);
  protected readonly session = inject(SessionStore);

  protected readonly columns = ['displayName', 'email', 'role', 'isActive', 'createdAt', 'actions'];
  protected readonly roleLabel = roleLabel;

  ngOnInit(): void {
    void this.store.load();
  }

  protected add(): void {
    this.openUserDialog({}, (user) =>
      this.notify(this.i18n.t('users.created', { name: user.displayName })),
    );
  }

  protected edit(user: User): void {
    this.openUserDialog({ user }, (saved) => {
      this.notify(this.i18n.t('users.saved'));
      // An administrator who renamed themselves sees the new name in the top bar at once.
      if (saved.id === this.session.me()?.id) {
        void this.session.load();
      }
    });
  }

  protected resetPassword(user: User): void {
    this.dialog
      .open<ResetPasswordDialog, User, boolean>(ResetPasswordDialog, {
        data: user,
        injector: this.injector,
        autoFocus: 'first-tabbable',
      })
      .afterClosed()
      .subscribe((done) => {
        if (done) {
          this.notify(this.i18n.t('users.passwordReset', { name: user.displayName }));
        }
      });
  }

  protected async setActive(user: User, active: boolean): Promise<void> {
    try {
      const updated = await this.store.setActive(user, active);
      this.notify(
        this.i18n.t(active ? 'users.activated' : 'users.deactivated', {
          name: updated.displayName,
        }),
      );
    } catch (error) {
      this.notify(problemMessage(error, this.i18n));
    }
  }

  protected onSearch(event: Event): void {
    this.store.search((event.target as HTMLInputElement).value);
  }

  /** "/" focuses search, as elsewhere in the CRM, unless the user is typing somewhere. */
  protected focusSearchOnSlash(event: KeyboardEvent): void {
    focusOnSlash(event, this.searchInput()?.nativeElement, this.dialog.openDialogs.length > 0);
  }

  private openUserDialog(data: UserDialogData, done: (user: User) => void): void {
    this.dialog
      .open<UserDialog, UserDialogData, User>(UserDialog, {
        data,
        injector: this.injector,
        autoFocus: 'first-tabbable',
        width: '480px',
        maxWidth: '95vw',
      })
      .afterClosed()
      .subscribe((user) => {
        if (user) {
          done(user);
        }
      });
  }

  private notify(message: string): void {
    this.snackBar.open(message, this.i18n.t('common.close'), { duration: 5000 });
  }
}
