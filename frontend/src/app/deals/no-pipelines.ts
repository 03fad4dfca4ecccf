import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { SessionStore } from '../identity';
import { PipelinesStore } from '../pipelines';
import { TranslatePipe } from '../shared/i18n/translate';
import { EmptyState } from '../shared/ui/empty-state';

/** /deals when there is no pipeline to open (none yet, or they could not be loaded). */
@Component({
  selector: 'app-no-pipelines',
  imports: [MatButtonModule, RouterLink, EmptyState, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page" aria-labelledby="deals-title">
      <header class="page-header">
        <h1 id="deals-title">{{ 'nav.deals' | t }}</h1>
      </header>
      @if (pipelines.error(); as message) {
        <div class="form-error" role="alert">
          {{ message }}
          <button mat-button type="button" (click)="pipelines.load()">
            {{ 'common.retry' | t }}
          </button>
        </div>
      } @else {
        <app-empty-state
          icon="view_kanban"
          [text]="(canConfigure() ? 'deals.noPipelinesAdmin' : 'deals.noPipelines') | t"
        >
          @if (canConfigure()) {
            <a mat-flat-button routerLink="/settings/pipelines">{{ 'pipelinesAdmin.title' | t }}</a>
          }
        </app-empty-state>
      }
    </section>
  `,
})
export class NoPipelines {
  private readonly session = inject(SessionStore);
  protected readonly pipelines = inject(PipelinesStore);
  protected readonly canConfigure = computed(() => this.session.canConfigureSales());
}
