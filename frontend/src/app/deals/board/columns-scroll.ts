import { DestroyRef, Directive, ElementRef, afterNextRender, inject, signal } from '@angular/core';

/** Which sides of a horizontal scroller hide more content (a pixel of rounding is none). */
export function hiddenSides(
  scrollLeft: number,
  scrollWidth: number,
  clientWidth: number,
): { before: boolean; after: boolean } {
  return { before: scrollLeft > 1, after: scrollLeft + clientWidth < scrollWidth - 1 };
}

/**
 * Where one step scrolls to: the start of the next column (forward) or of the previous one
 * (back), so a step brings in exactly one more column and the left edge stays on a column's
 * start. `starts` are the columns' left offsets in the scroller's content, in order.
 */
export function columnStepTarget(
  starts: readonly number[],
  scrollLeft: number,
  maxScroll: number,
  by: 1 | -1,
): number {
  const target =
    by > 0
      ? (starts.find((x) => x > scrollLeft + 1) ?? maxScroll)
      : ([...starts].reverse().find((x) => x < scrollLeft - 1) ?? 0);
  return Math.min(Math.max(target, 0), maxScroll);
}

/**
 * The board's row of columns as a horizontal scroller that says when there is more: `before()`
 * and `after()` follow the scroll position, the scroller's size and the number of columns, so
 * the board can fade the edge and offer arrows; `step()` scrolls one column at a time.
 * Auto-scroll while a card is dragged to the edge is CDK's (`cdkScrollable` on the same element).
 */
@Directive({
  selector: '[appColumnsScroll]',
  exportAs: 'columnsScroll',
  host: { '(scroll)': 'measure()' },
})
export class ColumnsScroll {
  private readonly element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly beforeState = signal(false);
  private readonly afterState = signal(false);

  /** Columns hidden to the left. */
  readonly before = this.beforeState.asReadonly();
  /** Columns hidden to the right (at 1366 px, the fifth and later). */
  readonly after = this.afterState.asReadonly();

  constructor() {
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      this.measure();
      // The window or the rail resizes the scroller; columns come and go with the pipeline.
      const measure = () => this.measure();
      const resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
      resize?.observe(this.element);
      const columns = new MutationObserver(measure);
      columns.observe(this.element, { childList: true });
      destroyRef.onDestroy(() => {
        resize?.disconnect();
        columns.disconnect();
      });
    });
  }

  measure(): void {
    const { scrollLeft, scrollWidth, clientWidth } = this.element;
    const sides = hiddenSides(scrollLeft, scrollWidth, clientWidth);
    this.beforeState.set(sides.before);
    this.afterState.set(sides.after);
  }

  /** One column forward (1) or back (-1). */
  step(by: 1 | -1): void {
    const el = this.element;
    // The scroller is positioned (board.scss): a column's offsetLeft is its place in the row.
    const starts = [...el.children]
      .filter((child): child is HTMLElement => child instanceof HTMLElement)
      .map((child) => child.offsetLeft)
      .sort((a, b) => a - b);
    const left = columnStepTarget(starts, el.scrollLeft, el.scrollWidth - el.clientWidth, by);
    const still = el.ownerDocument.defaultView?.matchMedia?.('(prefers-reduced-motion: reduce)');
    el.scrollTo({ left, behavior: still?.matches ? 'auto' : 'smooth' });
  }
}
