import {
  ChangeDetectionStrategy,
  Component,
  provideZonelessChangeDetection,
  signal,
} from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { InlineName, InlineNameEdit } from './inline-name';

@Component({
  imports: [InlineName],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <input class="name" [appInlineName]="name()" (renamed)="edits.push($event)" />
    <input class="optional" [appInlineName]="english()" allowEmpty (renamed)="edits.push($event)" />
  `,
})
class Host {
  readonly name = signal('Звонок');
  readonly english = signal('Call');
  readonly edits: InlineNameEdit[] = [];
}

describe('InlineName', () => {
  let fixture: ComponentFixture<Host>;
  let host: Host;
  let name: HTMLInputElement;
  let optional: HTMLInputElement;

  /** Types into the field as a user would: it has the focus, then the value changes. */
  function type(field: HTMLInputElement, value: string): void {
    field.focus();
    field.value = value;
    field.dispatchEvent(new Event('input'));
  }
  const press = (field: HTMLInputElement, key: 'Enter' | 'Escape') =>
    field.dispatchEvent(new KeyboardEvent('keydown', { key }));

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    fixture = TestBed.createComponent(Host);
    host = fixture.componentInstance;
    await fixture.whenStable();
    name = fixture.nativeElement.querySelector('input.name');
    optional = fixture.nativeElement.querySelector('input.optional');
  });

  it('shows the saved name, and the new one once it is saved', async () => {
    expect(name.value).toBe('Звонок');
    host.name.set('Созвон');
    await fixture.whenStable();
    expect(name.value).toBe('Созвон');
  });

  it('Enter leaves the field and gives the new name, trimmed', () => {
    type(name, '  Созвон ');
    press(name, 'Enter');
    expect(document.activeElement).not.toBe(name);
    expect(host.edits.map((e) => e.name)).toEqual(['Созвон']);
  });

  it('leaving the field gives the new name too', () => {
    type(name, 'Созвон');
    name.blur();
    expect(host.edits.map((e) => e.name)).toEqual(['Созвон']);
  });

  it('Esc puts the saved name back and leaves, saving nothing', () => {
    type(name, 'Созвон');
    press(name, 'Escape');
    expect(name.value).toBe('Звонок');
    expect(document.activeElement).not.toBe(name);
    expect(host.edits).toEqual([]);
  });

  it('an unchanged or emptied name is put back without a word', () => {
    type(name, ' Звонок  ');
    name.blur();
    expect(name.value).toBe('Звонок');
    type(name, '   ');
    press(name, 'Enter');
    expect(name.value).toBe('Звонок');
    expect(host.edits).toEqual([]);
  });

  it('revert() puts the saved name back when the save fails', () => {
    type(name, 'Такой уже есть');
    name.blur();
    expect(name.value).toBe('Такой уже есть');
    host.edits[0].revert();
    expect(name.value).toBe('Звонок');
  });

  it('where the field allows it, emptied is a change', () => {
    type(optional, '  ');
    optional.blur();
    expect(host.edits.map((e) => e.name)).toEqual(['']);
    type(optional, 'Call');
    optional.blur();
    expect(host.edits.length).toBe(1);
  });
});
