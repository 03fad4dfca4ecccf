import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { TranslatePipe } from '../../shared/i18n/translate';

/** «Списки»: companies and contacts, one tab each. */
@Component({
  selector: 'app-lists',
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatTabsModule,
    MatIconModule,
    TranslatePipe,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page lists" aria-labelledby="lists-title">
      <header class="page-header">
        <h1 id="lists-title">{{ 'nav.lists' | t }}</h1>
      </header>
      <nav mat-tab-nav-bar [tabPanel]="panel" [attr.aria-label]="'nav.lists' | t">
        <a
          mat-tab-link
          routerLink="companies"
          routerLinkActive
          #companies="routerLinkActive"
          [active]="companies.isActive"
        >
          <mat-icon aria-hidden="true">business</mat-icon>{{ 'lists.companies' | t }}
        </a>
        <a
          mat-tab-link
          routerLink="contacts"
          routerLinkActive
          #contacts="routerLinkActive"
          [active]="contacts.isActive"
        >
          <mat-icon aria-hidden="true">person</mat-icon>{{ 'lists.contacts' | t }}
        </a>
      </nav>
      <mat-tab-nav-panel #panel>
        <router-outlet />
      </mat-tab-nav-panel>
    </section>
  `,
  styles: `
    .lists {
      max-width: none;
    }
    .page-header {
      margin-bottom: 4px;
    }
    a mat-icon {
      margin-right: 6px;
    }
  `,
})
export class Lists {}
