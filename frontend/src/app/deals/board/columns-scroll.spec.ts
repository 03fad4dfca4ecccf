import { Component, provideZonelessChangeDetection, viewChild } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ColumnsScroll, columnStepTarget, hiddenSides } from './columns-scroll';

/** Issue 11, item 6: at 1366 px the board's fifth and later columns are cut off without a sign. */
describe('the board columns scroller', () => {
  // Five 264 px columns with 8 px gaps in a 1250 px wide board (what 1366 px leaves).
  const starts = [0, 272, 544, 816, 1088];
  const max = 1352 - 1250;

  it('says which side hides columns', () => {
    expect(hiddenSides(0, 1352, 1250)).toEqual({ before: false, after: true });
    expect(hiddenSides(50, 1352, 1250)).toEqual({ before: true, after: true });
    expect(hiddenSides(max, 1352, 1250)).toEqual({ before: true, after: false });
    // A fractional pixel of rounding is not "more".
    expect(hiddenSides(0.5, 1250.5, 1250)).toEqual({ before: false, after: false });
  });

  it('steps one column at a time, to a column start, within the scroll range', () => {
    const wide = [0, 272, 544, 816, 1088, 1360, 1632];
    const wideMax = 1896 - 1250;
    expect(columnStepTarget(wide, 0, wideMax, 1)).toBe(272);
    expect(columnStepTarget(wide, 272, wideMax, 1)).toBe(544);
    expect(columnStepTarget(wide, 300, wideMax, 1)).toBe(544);
    expect(columnStepTarget(wide, 544, wideMax, 1)).toBe(wideMax);
    expect(columnStepTarget(wide, wideMax, wideMax, -1)).toBe(544);
    expect(columnStepTarget(wide, 300, wideMax, -1)).toBe(272);
    expect(columnStepTarget(wide, 272, wideMax, -1)).toBe(0);
    expect(columnStepTarget(starts, 0, max, 1)).toBe(max);
    expect(columnStepTarget(starts, 0, max, -1)).toBe(0);
  });

  @Component({
    imports: [ColumnsScroll],
    template: `<div appColumnsScroll #lane="columnsScroll">
      @for (n of columns; track n) {
        <section></section>
      }
    </div>`,
  })
  class Host {
    readonly lane = viewChild.required(ColumnsScroll);
    columns = [1, 2, 3, 4, 5];
  }

  it('follows the scroll position and scrolls a column per step', async () => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const element = fixture.nativeElement.querySelector('[appColumnsScroll]') as HTMLElement;
    // jsdom has no layout: the sizes of a 1366 px screen are given to it.
    let scrollLeft = 0;
    Object.defineProperties(element, {
      scrollWidth: { value: 1352 },
      clientWidth: { value: 1250 },
      scrollLeft: { get: () => scrollLeft },
    });
    [...element.children].forEach((column, i) =>
      Object.defineProperty(column, 'offsetLeft', { value: starts[i] }),
    );
    const scrolledTo: ScrollToOptions[] = [];
    element.scrollTo = ((options: ScrollToOptions) => scrolledTo.push(options)) as never;

    element.dispatchEvent(new Event('scroll'));
    const lane = fixture.componentInstance.lane();
    expect([lane.before(), lane.after()]).toEqual([false, true]);

    lane.step(1);
    expect(scrolledTo.at(-1)).toMatchObject({ left: max });
    scrollLeft = max;
    element.dispatchEvent(new Event('scroll'));
    expect([lane.before(), lane.after()]).toEqual([true, false]);

    lane.step(-1);
    expect(scrolledTo.at(-1)).toMatchObject({ left: 0 });
  });
});
