import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '../../shared/i18n/translate';
import { SessionStore } from '../data-access/session-store';

/** The Settings section: links to what this user may configure. */
@Component({
  selector: 'app-settings',
  imports: [MatIconModule, MatListModule, RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <header class="page-header">
        <h1>{{ 'settings.title' | t }}</h1>
      </header>
      <mat-nav-list class="links">
        <a mat-list-item routerLink="profile">
          <mat-icon matListItemIcon aria-hidden="true">manage_accounts</mat-icon>
          <span matListItemTitle>{{ 'settings.profile' | t }}</span>
          <span matListItemLine>{{ 'settings.profileHint' | t }}</span>
        </a>
        <a mat-list-item routerLink="notifications">
          <mat-icon matListItemIcon aria-hidden="true">notifications</mat-icon>
          <span matListItemTitle>{{ 'notificationSettings.title' | t }}</span>
          <span matListItemLine>{{ 'settings.notificationsHint' | t }}</span>
        </a>
        @if (session.canConfigureSales()) {
          <a mat-list-item routerLink="pipelines">
            <mat-icon matListItemIcon aria-hidden="true">view_kanban</mat-icon>
            <span matListItemTitle>{{ 'settings.pipelines' | t }}</span>
            <span matListItemLine>{{ 'settings.pipelinesHint' | t }}</span>
          </a>
          <a mat-list-item routerLink="deal-fields">
            <mat-icon matListItemIcon aria-hidden="true">dynamic_form</mat-icon>
            <span matListItemTitle>{{ 'settings.dealFields' | t }}</span>
            <span matListItemLine>{{ 'settings.dealFieldsHint' | t }}</span>
          </a>
        }
        @if (session.isAdmin()) {
          <a mat-list-item routerLink="company-fields">
            <mat-icon matListItemIcon aria-hidden="true">business</mat-icon>
            <span matListItemTitle>{{ 'fieldsAdmin.companyTitle' | t }}</span>
            <span matListItemLine>{{ 'settings.companyFieldsHint' | t }}</span>
          </a>
          <a mat-list-item routerLink="contact-fields">
            <mat-icon matListItemIcon aria-hidden="true">contact_page</mat-icon>
            <span matListItemTitle>{{ 'fieldsAdmin.contactTitle' | t }}</span>
            <span matListItemLine>{{ 'settings.contactFieldsHint' | t }}</span>
          </a>
          <a mat-list-item routerLink="task-types">
            <mat-icon matListItemIcon aria-hidden="true">task_alt</mat-icon>
            <span matListItemTitle>{{ 'taskTypes.title' | t }}</span>
            <span matListItemLine>{{ 'settings.taskTypesHint' | t }}</span>
          </a>
          <a mat-list-item routerLink="tags">
            <mat-icon matListItemIcon aria-hidden="true">sell</mat-icon>
            <span matListItemTitle>{{ 'tagsAdmin.title' | t }}</span>
            <span matListItemLine>{{ 'settings.tagsHint' | t }}</span>
          </a>
          <a mat-list-item routerLink="inbox/forms">
            <mat-icon matListItemIcon aria-hidden="true">web</mat-icon>
            <span matListItemTitle>{{ 'forms.title' | t }}</span>
            <span matListItemLine>{{ 'settings.webFormsHint' | t }}</span>
          </a>
          <a mat-list-item routerLink="inbox/mailboxes">
            <mat-icon matListItemIcon aria-hidden="true">mail</mat-icon>
            <span matListItemTitle>{{ 'mailboxes.title' | t }}</span>
            <span matListItemLine>{{ 'settings.mailboxesHint' | t }}</span>
          </a>
          <a mat-list-item routerLink="inbox/regions">
            <mat-icon matListItemIcon aria-hidden="true">place</mat-icon>
            <span matListItemTitle>{{ 'regions.title' | t }}</span>
            <span matListItemLine>{{ 'settings.regionsHint' | t }}</span>
          </a>
          <a mat-list-item routerLink="users">
            <mat-icon matListItemIcon aria-hidden="true">group</mat-icon>
            <span matListItemTitle>{{ 'settings.users' | t }}</span>
            <span matListItemLine>{{ 'settings.usersHint' | t }}</span>
          </a>
          <a mat-list-item routerLink="event-deliveries">
            <mat-icon matListItemIcon aria-hidden="true">sync_problem</mat-icon>
            <span matListItemTitle>{{ 'settings.deliveries' | t }}</span>
            <span matListItemLine>{{ 'settings.deliveriesHint' | t }}</span>
          </a>
        }
      </mat-nav-list>
    </section>
  `,
  styles: `
    .links {
      max-width: 640px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 0;
    }
  `,
})
export class Settings {
  protected readonly session = inject(SessionStore);
}
