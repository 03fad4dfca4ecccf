import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { Tag } from './tags-api';

/**
 * A tag as a small coloured chip. The palette's names map to light backgrounds with dark text of
 * the same hue (each pair passes WCAG AA); the colour never carries the meaning alone: the name is there.
 */
@Component({
  selector: 'app-tag-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'tag-chip', '[attr.data-colour]': 'tag().colour', 'data-testid': 'tag-chip' },
  template: `<span class="name">{{ tag().name }}</span
    ><ng-content />`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 2px;
      max-width: 16em;
      padding: 0 8px;
      border-radius: 10px;
      font: var(--mat-sys-label-medium);
      line-height: 20px;
      white-space: nowrap;
      background: #e0e0e0;
      color: #303030;
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
    }
    :host([data-colour='red']) {
      background: #ffdad6;
      color: #8c1d18;
    }
    :host([data-colour='orange']) {
      background: #ffdcc2;
      color: #6e3900;
    }
    :host([data-colour='yellow']) {
      background: #fff1a8;
      color: #574500;
    }
    :host([data-colour='green']) {
      background: #c8eec9;
      color: #1b5e20;
    }
    :host([data-colour='teal']) {
      background: #b8efe6;
      color: #00504a;
    }
    :host([data-colour='blue']) {
      background: #d3e3ff;
      color: #0b3d91;
    }
    :host([data-colour='indigo']) {
      background: #dfe0ff;
      color: #2b3399;
    }
    :host([data-colour='purple']) {
      background: #f0dbff;
      color: #5b1a86;
    }
    :host([data-colour='pink']) {
      background: #ffd8ec;
      color: #8a1457;
    }
  `,
})
export class TagChip {
  readonly tag = input.required<Tag>();
}

/** A row's tags as chips (the tables' «Теги» column). */
@Component({
  selector: 'app-tag-chips',
  imports: [TagChip],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `@for (tag of tags(); track tag.id) {
    <app-tag-chip [tag]="tag" />
  }`,
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 4px;
    }
  `,
})
export class TagChips {
  readonly tags = input.required<readonly Tag[]>();
}
